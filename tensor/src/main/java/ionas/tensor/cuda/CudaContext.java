package ionas.tensor.cuda;

import static ionas.kernels.cuda.CudaCheck.check;

import ionas.kernels.cuda.CudaCheck;
import ionas.kernels.cuda.CudaDevice;
import ionas.kernels.cuda.CudaFailure;
import ionas.kernels.cuda.PtxModules;
import ionas.tensor.Device;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * Everything ionas keeps per GPU: the device's primary context (the one the runtime API and other
 * libraries share, so ionas cooperates with them), the one stream all its work is queued on, the
 * loaded PTX modules and kernel functions, the caching allocator and the pinned staging buffer.
 * Created on first use and kept for the life of the JVM: the driver reclaims it all at exit.
 */
public final class CudaContext {
    private static final ConcurrentMap<Integer, CudaContext> CONTEXTS = new ConcurrentHashMap<>();

    private final int ordinal;
    private final CUdevice device;
    private final CUcontext context;
    private final CUstream stream;
    private final CachingAllocator allocator;
    private final CudaTransfers transfers;
    private final ConcurrentMap<String, CUmodule> modules = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CUfunction> functions = new ConcurrentHashMap<>();

    private CudaContext(int ordinal) {
        JCudaDriver.setExceptionsEnabled(false); // errors come back as CUresult codes for CudaCheck
        check(JCudaDriver.cuInit(0), "cuInit");
        int[] count = {0};
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal >= count[0]) {
            throw new IllegalStateException("no CUDA device " + ordinal + ": the driver sees " + count[0]);
        }
        this.ordinal = ordinal;
        device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        stream = new CUstream();
        // non-blocking: the legacy default stream must not serialize with ours behind our back
        check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        allocator = new CachingAllocator(new DriverMemory(context));
        transfers = new CudaTransfers(new PinnedBuffer(context));
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
            c = CONTEXTS.computeIfAbsent(ordinal, CudaContext::new);
        }
        c.makeCurrent();
        return c;
    }

    /** Makes this context current on the calling thread; driver calls act on the current one. */
    public void makeCurrent() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** {@code cuda:N} for this context's device. */
    public Device device() {
        return Device.cuda(ordinal);
    }

    /** The stream all of ionas's work on this device is queued on, in order. */
    public CUstream stream() {
        return stream;
    }

    public CachingAllocator allocator() {
        return allocator;
    }

    public CudaTransfers transfers() {
        return transfers;
    }

    /** Waits until everything queued on {@link #stream()} has run; reports asynchronous kernel errors. */
    public void synchronize() {
        makeCurrent();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /**
     * The kernel {@code function} of PTX module {@code module} ({@code kernels/src/main/cuda/MODULE.cu}),
     * loaded once and cached by name: loading a module JIT-compiles its PTX, which takes
     * milliseconds.
     */
    public CUfunction function(String module, String function) {
        CUfunction f = functions.get(module + "." + function);
        if (f != null) return f;
        makeCurrent();
        return functions.computeIfAbsent(module + "." + function, key -> {
            CUfunction fn = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(fn, module(module), function),
                    "cuModuleGetFunction(" + module + ", " + function + ")");
            return fn;
        });
    }

    /** The loaded PTX module {@code name}. */
    public CUmodule module(String name) {
        CUmodule m = modules.get(name);
        if (m != null) return m;
        makeCurrent();
        return modules.computeIfAbsent(name, n -> {
            CUmodule mod = new CUmodule();
            int status = JCudaDriver.cuModuleLoadData(mod, PtxModules.load(n));
            // the JIT's refusals (an ISA newer than the driver, PTX it cannot read) say nothing of
            // either side: name the PTX's version and target and the driver's CUDA release
            if (status != CUresult.CUDA_SUCCESS) {
                int[] driver = {0};
                JCudaDriver.cuDriverGetVersion(driver);
                throw new CudaFailure(status, "cuModuleLoadData(" + n + ") failed: " + CudaCheck.describe(status) + " (the PTX: "
                        + PtxModules.header(n) + "; the driver: CUDA " + driver[0] / 1000 + "." + driver[0] % 1000 / 10 + ")");
            }
            return mod;
        });
    }

    @Override
    public String toString() {
        return "CudaContext[" + device() + "]";
    }
}
