package ionas.tensor.cuda;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Device;
import ionas.tensor.cuda.driver.DeviceDriver;
import ionas.tensor.cuda.driver.JCudaDeviceDriver;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Everything ionas keeps per GPU: the {@link DeviceDriver} (on a real GPU {@link JCudaDeviceDriver}:
 * the device's primary context, the one stream all work is queued on, the loaded PTX modules, the
 * pinned staging buffer) and the caching allocator over its memory. Created on first use and kept
 * for the life of the JVM: the driver reclaims it all at exit.
 */
public final class CudaContext {
    private static final ConcurrentMap<Integer, CudaContext> CONTEXTS = new ConcurrentHashMap<>();

    private final Device device;
    private final DeviceDriver driver;
    private final CachingAllocator allocator;
    private final IndexCheck indexCheck;
    private final CudaLaunch launcher;

    /** A context of {@code device} over {@code driver}: the GPU's in {@link #get(int)}, the tests' emulator otherwise. */
    CudaContext(Device device, DeviceDriver driver) {
        this.device = device;
        indexCheck = new IndexCheck(driver);
        this.driver = indexCheck.atSyncPoints(driver); // downloads and synchronize read the index-check flag
        allocator = new CachingAllocator(driver.memory());
        launcher = new CudaLaunch(this);
    }

    /** The context of device 0. */
    public static CudaContext get() {
        return get(0);
    }

    /**
     * The context of device {@code ordinal}, created on first use and made current on the calling
     * thread.
     *
     * @throws IllegalStateException when CUDA is not usable here, with the probe's reason
     */
    public static CudaContext get(int ordinal) {
        if (ordinal < 0) throw new IllegalArgumentException("device ordinal must be >= 0, not " + ordinal);
        CudaContext c = CONTEXTS.get(ordinal);
        if (c == null) {
            CudaDevice.Availability probe = CudaDevice.probe();
            if (!probe.available()) {
                throw new IllegalStateException("CUDA is not available: " + probe.reason());
            }
            c = CONTEXTS.computeIfAbsent(ordinal, o -> new CudaContext(Device.cuda(o), new JCudaDeviceDriver(o)));
        }
        c.makeCurrent();
        return c;
    }

    /** Makes this context current on the calling thread; driver calls act on the current one. */
    public void makeCurrent() {
        driver.makeCurrent();
    }

    /** {@code cuda:N} for this context's device. */
    public Device device() {
        return device;
    }

    /** The driver operations on this device and its stream. */
    DeviceDriver driver() {
        return driver;
    }

    /** Kernel launches on this context: the kernels' handles and each thread's argument list, kept for its life. */
    CudaLaunch launcher() {
        return launcher;
    }

    /** The index-check flag of index.cu's kernels, read at this context's synchronisations. */
    IndexCheck indexCheck() {
        return indexCheck;
    }

    public CachingAllocator allocator() {
        return allocator;
    }

    /**
     * Waits until everything queued on the device's stream has run; reports asynchronous kernel
     * errors, and throws {@link IndexOutOfBoundsException} naming the op if an index op queued
     * since the last synchronisation met a bad index (see {@link IndexCheck}).
     */
    public void synchronize() {
        driver.synchronize();
    }

    @Override
    public String toString() {
        return "CudaContext[" + device() + "]";
    }
}
