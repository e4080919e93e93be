package ionas.tensor.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import ionas.tensor.cuda.driver.CapturedWork;
import ionas.tensor.cuda.driver.CudaDeviceInfo;
import ionas.tensor.cuda.driver.DeviceDriver;
import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.GraphHandle;
import ionas.tensor.cuda.driver.HostMapped;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import ionas.tensor.cuda.driver.MemInfo;
import ionas.tensor.cuda.driver.StreamCapture;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link DeviceDriver} that runs the real kernel source on the CPU emulator
 * ({@link CudaEmulatorLibrary}): device memory is host memory from the library's malloc, copies and
 * memsets are plain memory accesses, launches run at once. Everything the backend's Java side does
 * (argument packing, launch geometry, workspaces, index conversions, the allocator) is exercised
 * as on a GPU, and checked more strictly: a launch whose arguments do not match the kernel's
 * parameters, and a copy or memset outside a live allocation, throw.
 *
 * <p>Graphs are captured as CUDA captures a stream: between {@link #beginCapture} and
 * {@link #endCapture} a launch, memset or copy is recorded (a launch with a copy of its argument
 * bytes) and not run, and an upload, download or synchronize throws; a replay runs the recorded
 * list in order, each launch checked as an eager one is.
 */
final class EmulatedDeviceDriver implements DeviceDriver {
    /** What the emulated device claims to be: an SM count like a data-centre GPU's drives the split-K choice. */
    static final int MULTIPROCESSORS = 132;
    static final long MEMORY = 16L << 30;
    /** Bytes of 0xa5 after every block, checked after every launch (see {@link #launch}). */
    private static final int GUARD = 256;
    private static final MemorySegment GUARD_BYTES = MemorySegment.ofArray(filled(GUARD, (byte) 0xa5));

    private final CudaEmulatorLibrary lib;
    /**
     * Whether every allocation is refused twice, the try and the retry after the cache was emptied,
     * so that the allocator falls back to its last resort, a garbage collection, every time.
     */
    private final boolean collectOnEveryAllocation;
    private int refusedInARow;
    /** Where the library writes why it refused a launch. */
    private final MemorySegment error = Arena.ofAuto().allocate(CudaEmulatorLibrary.ERROR_BYTES);
    /** Live allocations, start address to bytes: to check that copies stay inside one. */
    private final TreeMap<Long, Long> blocks = new TreeMap<>();
    private long allocated;
    private final StreamCapture capture = new StreamCapture();
    /** The operations recorded by the capture under way; null when none is. */
    private List<Runnable> captured;

    /** A captured graph: its operations in stream order. */
    private record EmulatedGraph(EmulatedDeviceDriver driver, List<Runnable> operations, CapturedWork work) implements GraphHandle {}

    EmulatedDeviceDriver(CudaEmulatorLibrary lib) {
        this(lib, false);
    }

    /** With {@code collectOnEveryAllocation}, a driver allocation succeeds only after a collection. */
    EmulatedDeviceDriver(CudaEmulatorLibrary lib, boolean collectOnEveryAllocation) {
        this.lib = lib;
        this.collectOnEveryAllocation = collectOnEveryAllocation;
        lib.setSchedule(Integer.getInteger("ionas.cuda.emu.schedule", 0));
    }

    private final DeviceMemory memory = new DeviceMemory() {
        @Override
        public long allocate(long bytes) {
            synchronized (blocks) {
                if (collectOnEveryAllocation && refusedInARow < 2) {
                    refusedInARow++;
                    return 0;
                }
                refusedInARow = 0;
                if (allocated + bytes > MEMORY) return 0;
                long p = lib.malloc(bytes, GUARD);
                if (p == 0) return 0;
                blocks.put(p, bytes);
                allocated += bytes;
                return p;
            }
        }

        @Override
        public void free(long pointer) {
            synchronized (blocks) {
                Long bytes = blocks.remove(pointer);
                if (bytes == null) throw new IllegalArgumentException("free of 0x" + Long.toHexString(pointer) + ": not allocated");
                allocated -= bytes;
            }
            lib.free(pointer);
        }

        @Override
        public MemInfo info() {
            synchronized (blocks) {
                return new MemInfo(MEMORY - allocated, MEMORY);
            }
        }
    };

    @Override
    public DeviceMemory memory() {
        return memory;
    }

    @Override
    public CudaDeviceInfo info() {
        return new CudaDeviceInfo("CUDA emulator on the CPU (kernels/src/test/cuda-emu)", 8, 0, MULTIPROCESSORS, MEMORY);
    }

    @Override
    public void makeCurrent() {}

    @Override
    public void memsetD32(long pointer, int value, long count) {
        if (record(() -> memsetD32(pointer, value, count))) {
            capture.memset();
            return;
        }
        MemorySegment s = device(pointer, count * 4, "memsetD32");
        for (long i = 0; i < count; i++) s.setAtIndex(JAVA_INT, i, value);
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        if (record(() -> copyDeviceToDevice(dst, src, bytes))) {
            capture.copy();
            return;
        }
        MemorySegment.copy(device(src, bytes, "copy source"), 0, device(dst, bytes, "copy destination"), 0, bytes);
    }

    @Override
    public void upload(float[] src, long devicePtr) {
        capture.refuseHostSync("upload");
        MemorySegment.copy(src, 0, device(devicePtr, (long) src.length * 4, "upload"), JAVA_FLOAT, 0, src.length);
    }

    @Override
    public void download(long devicePtr, float[] dst) {
        capture.refuseHostSync("download");
        MemorySegment.copy(device(devicePtr, (long) dst.length * 4, "download"), JAVA_FLOAT, 0, dst, 0, dst.length);
    }

    /** A kernel of the emulator library: its block limit, and its names as C strings for the library's launch. */
    private record EmulatedKernel(EmulatedDeviceDriver driver, Kernel kernel, int maxThreadsPerBlock, MemorySegment module,
                                  MemorySegment name) implements KernelHandle {}

    @Override
    public KernelHandle function(Kernel kernel) {
        int n = lib.maxThreads(kernel.module(), kernel.name());
        // the driver's cuModuleGetFunction fails the same way for a name the module lacks
        if (n < 0) throw new IllegalStateException("no kernel " + kernel + " in the emulator library");
        Arena names = Arena.ofAuto(); // freed with the handle
        return new EmulatedKernel(this, kernel, n, names.allocateFrom(kernel.module()), names.allocateFrom(kernel.name()));
    }

    /**
     * Runs the kernel, then checks that it wrote nothing past the end of any block: the guard
     * bytes after each must be intact. (On a GPU such a write lands in a neighbouring block, or
     * faults, or goes unnoticed.)
     */
    @Override
    public void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
        if (!(kernel instanceof EmulatedKernel k) || k.driver() != this)
            throw new IllegalArgumentException(kernel.kernel() + ": a handle of another driver");
        if (captured != null) {
            KernelArgs recorded = args.copy(); // the caller rewrites args for its next launch
            record(() -> launch(k, gridX, gridY, gridZ, blockX, blockY, recorded));
            capture.kernel();
            return;
        }
        synchronized (error) { // the library runs one kernel at a time anyway; the error buffer is shared
            lib.launch(k.module(), k.name(), gridX, gridY, gridZ, blockX, blockY, args, error);
        }
        synchronized (blocks) {
            for (Map.Entry<Long, Long> b : blocks.entrySet()) {
                MemorySegment guard = MemorySegment.ofAddress(b.getKey() + b.getValue()).reinterpret(GUARD);
                if (guard.mismatch(GUARD_BYTES) != -1)
                    throw new IllegalStateException(k.kernel() + " wrote past the end of the block of " + b.getValue()
                            + " bytes at 0x" + Long.toHexString(b.getKey()));
            }
        }
    }

    @Override
    public void synchronize() {
        capture.refuseHostSync("synchronize");
    }

    @Override
    public void beginCapture() {
        capture.begin();
        captured = new ArrayList<>();
    }

    @Override
    public GraphHandle endCapture() {
        CapturedWork work = capture.end();
        List<Runnable> operations = List.copyOf(captured);
        captured = null;
        return new EmulatedGraph(this, operations, work);
    }

    /** Runs the recorded operations in order: as a GPU runs a graph's nodes on one stream. */
    @Override
    public void launchGraph(GraphHandle graph) {
        if (capture.capturing()) throw new IllegalStateException("a graph replay during a capture is not supported here");
        for (Runnable operation : own(graph).operations()) operation.run();
    }

    @Override
    public void destroyGraph(GraphHandle graph) {
        own(graph);
    }

    private EmulatedGraph own(GraphHandle graph) {
        if (!(graph instanceof EmulatedGraph g) || g.driver() != this) throw new IllegalArgumentException("a graph of another driver");
        return g;
    }

    /** Records {@code operation} if a capture is under way (then the caller must not run it). */
    private boolean record(Runnable operation) {
        if (captured == null) return false;
        captured.add(operation);
        return true;
    }

    /** Device memory is host memory here: a live block (so kernels may write it) the host reads directly. */
    @Override
    public HostMapped allocateHostMapped(int words) {
        long bytes = (long) words * Integer.BYTES;
        long p;
        synchronized (blocks) {
            p = lib.malloc(bytes, GUARD);
            if (p == 0) return null;
            blocks.put(p, bytes);
        }
        MemorySegment s = MemorySegment.ofAddress(p).reinterpret(bytes);
        s.fill((byte) 0);
        return new HostMapped() {
            @Override public long devicePointer() { return p; }
            @Override public int get(int i) { return s.getAtIndex(JAVA_INT, i); }
            @Override public void set(int i, int value) { s.setAtIndex(JAVA_INT, i, value); }
        };
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    /** The device memory [pointer, pointer + bytes), which must lie inside one live allocation. */
    private MemorySegment device(long pointer, long bytes, String what) {
        synchronized (blocks) {
            Map.Entry<Long, Long> b = blocks.floorEntry(pointer);
            if (b == null || pointer + bytes > b.getKey() + b.getValue())
                throw new IllegalStateException(what + " of " + bytes + " bytes at 0x" + Long.toHexString(pointer)
                        + " is outside every live allocation");
        }
        return MemorySegment.ofAddress(pointer).reinterpret(bytes);
    }
}
