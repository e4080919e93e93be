package ionas.tensor.cuda;

import ionas.tensor.cuda.driver.CudaDeviceInfo;
import ionas.tensor.cuda.driver.DeviceDriver;
import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.GraphHandle;
import ionas.tensor.cuda.driver.HostMapped;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index check of one context, deferred to the next synchronisation.
 *
 * <p>index.cu's checking kernels (gather, scatter-add, the float-to-int index conversion of
 * max-pool backward) report an index that is not a whole number in [0, bound) in one flag of four
 * 32-bit words per context: {set, the index's float bits, the op's site number, the bound}; the
 * first report in stream order stands (see index.cu). The flag is made once, zeroed, and lives as
 * long as the context: no allocation, memset or read-back per op. The host reads it right after
 * the synchronisations that happen anyway, a download ({@code toFloatArray}, {@code .item()}) or
 * {@link CudaContext#synchronize()}: {@link #atSyncPoints} wraps the context's driver so that
 * those two calls check it after they return, and throws the CPU backend's
 * {@link IndexOutOfBoundsException} naming the op, the index and the bound. So an index op costs
 * its launch and nothing more, and a bad index throws at the next read-back rather than at the op.
 *
 * <p>Where the driver gives {@link HostMapped} memory (the GPU's mapped pinned memory, the
 * emulator's) reading the flag is a few host memory reads. Where it does not, the flag lives in
 * device memory and is downloaded at a synchronisation only when a checking kernel was queued
 * since the last read: one small copy more per such synchronisation.
 */
final class IndexCheck {
    private static final int WORDS = 4;

    private final DeviceDriver driver;
    /** The flag where the driver maps host memory, else null. */
    private final HostMapped mapped;
    /** The flag's device address. */
    private final long pointer;
    /** Without mapped memory: whether a checking kernel was queued since the flag was last read. */
    private volatile boolean pending;
    /** Op names by site number, and back. */
    private final List<String> sites = new ArrayList<>();
    private final Map<String, Integer> siteOf = new ConcurrentHashMap<>();

    IndexCheck(DeviceDriver driver) {
        this.driver = driver;
        HostMapped m = driver.allocateHostMapped(WORDS);
        mapped = m;
        if (m != null) {
            pointer = m.devicePointer();
        } else {
            pointer = driver.memory().allocate((long) WORDS * Integer.BYTES);
            if (pointer == 0) throw new OutOfDeviceMemory(WORDS * Integer.BYTES, "CUDA out of memory: no room for the index-check flag's "
                    + WORDS * Integer.BYTES + " bytes");
            driver.memsetD32(pointer, 0, WORDS);
        }
    }

    /** The flag's device address, for a checking kernel's {@code int* flag}. */
    long flag() {
        pending = true;
        return pointer;
    }

    /** The site number of {@code op}, for a checking kernel's {@code int site}: the name the error will give. */
    int site(String op) {
        Integer s = siteOf.get(op);
        if (s != null) return s;
        synchronized (sites) {
            return siteOf.computeIfAbsent(op, o -> {
                sites.add(o);
                return sites.size() - 1;
            });
        }
    }

    /**
     * Reads the flag, after a synchronisation: throws if a kernel queued before it reported a bad
     * index, and clears the flag so that the next step starts clean.
     */
    synchronized void check() {
        int set, bits, site, bound;
        if (mapped != null) {
            set = mapped.get(0);
            if (set == 0) return;
            bits = mapped.get(1);
            site = mapped.get(2);
            bound = mapped.get(3);
            for (int i = 0; i < WORDS; i++) mapped.set(i, 0);
        } else {
            if (!pending) return;
            pending = false; // before the read: a kernel queued from now on sets it again
            float[] w = new float[WORDS];
            driver.download(pointer, w);
            set = Float.floatToRawIntBits(w[0]);
            if (set == 0) return;
            bits = Float.floatToRawIntBits(w[1]);
            site = Float.floatToRawIntBits(w[2]);
            bound = Float.floatToRawIntBits(w[3]);
            driver.memsetD32(pointer, 0, WORDS);
        }
        String op;
        synchronized (sites) {
            op = site >= 0 && site < sites.size() ? sites.get(site) : "an index op (site " + site + ")";
        }
        throw new IndexOutOfBoundsException(op + ": index " + (double) Float.intBitsToFloat(bits) + " is not a whole number in [0, "
                + bound + ") (reported by the kernel, thrown at the next synchronisation)");
    }

    /**
     * {@code driver} with the flag checked after each of its synchronisations: {@link DeviceDriver#download}
     * and {@link DeviceDriver#synchronize}. Everything else passes through.
     */
    DeviceDriver atSyncPoints(DeviceDriver driver) {
        IndexCheck check = this;
        return new DeviceDriver() {
            @Override public DeviceMemory memory() { return driver.memory(); }
            @Override public CudaDeviceInfo info() { return driver.info(); }
            @Override public void makeCurrent() { driver.makeCurrent(); }
            @Override public void memsetD32(long p, int value, long count) { driver.memsetD32(p, value, count); }
            @Override public void copyDeviceToDevice(long dst, long src, long bytes) { driver.copyDeviceToDevice(dst, src, bytes); }
            @Override public void upload(float[] src, long devicePtr) { driver.upload(src, devicePtr); }
            @Override public KernelHandle function(Kernel kernel) { return driver.function(kernel); }
            @Override public HostMapped allocateHostMapped(int words) { return driver.allocateHostMapped(words); }
            @Override public void beginCapture() { driver.beginCapture(); }
            @Override public GraphHandle endCapture() { return driver.endCapture(); }
            @Override public void launchGraph(GraphHandle graph) { driver.launchGraph(graph); }
            @Override public void destroyGraph(GraphHandle graph) { driver.destroyGraph(graph); }

            @Override
            public void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
                driver.launch(kernel, gridX, gridY, gridZ, blockX, blockY, args);
            }

            @Override
            public void download(long devicePtr, float[] dst) {
                driver.download(devicePtr, dst);
                check.check();
            }

            @Override
            public void synchronize() {
                driver.synchronize();
                check.check();
            }
        };
    }
}
