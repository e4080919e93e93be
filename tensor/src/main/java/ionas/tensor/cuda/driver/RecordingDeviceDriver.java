package ionas.tensor.cuda.driver;

import ionas.kernels.cuda.PtxEntry;
import ionas.kernels.cuda.PtxModules;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link DeviceDriver} that does no device work and counts what the backend asks of the device:
 * {@code cuda:0 recorded on the cpu (no kernel runs)}. It answers "how many launches, host
 * synchronisations and driver allocations does this step make, and how much device memory does it
 * hold at its peak" without a GPU, in milliseconds, for any shape (see
 * {@code benchmarks/gpu/step-profile.sh} and docs/cuda.md, "Step profile").
 *
 * <ul>
 *   <li><b>Memory</b>: every driver allocation gets a fake address, 512-byte aligned, distinct and
 *       never reused by this driver (so a block used after its free cannot alias a new one
 *       unnoticed), and its bytes are held against {@link #memoryBytes()}: past that it refuses, as
 *       a full GPU does. Freeing an address it did not hand out throws.
 *   <li><b>Stream work</b>: launches, memsets and device-to-device copies are only counted,
 *       launches also per {@code module.kernel}. Memsets and copies must lie inside a live block.
 *   <li><b>CUDA graphs</b>: while a capture is under way, launches, memsets and copies are counted
 *       into the graph instead; a replay of the graph counts as one launch, as it is one
 *       {@code cuGraphLaunch}. Host transfers and synchronize during a capture throw, as CUDA's do.
 *   <li><b>Host transfers</b>: uploads are counted, downloads are counted and give zeros,
 *       synchronize is counted. All three are host synchronisations: on the GPU each waits for the
 *       stream ({@link CudaTransfers} synchronises after every pinned copy).
 * </ul>
 *
 * <p>Where the build holds the PTX (it had nvcc), every launch is checked against the kernel's
 * {@link PtxEntry}: a kernel the module lacks, arguments that differ from its parameters in number
 * or size, or a block over its {@code .maxntid} throw, so a count never includes a launch the GPU
 * would refuse. Without the PTX the counts are the same but unchecked.
 *
 * <p>Values computed over this driver are garbage (every read-back gives zeros), so it counts
 * faithfully only code whose device operations do not depend on the data it reads back; code
 * that branches on a read-back value takes the branch that zeros select. Recording a launch costs
 * a comparison of its argument sizes with the kernel's and a counter's increment, and allocates
 * nothing, so the JMH launch benchmark can use it as its "driver that does nothing".
 */
public final class RecordingDeviceDriver implements DeviceDriver {
    /** The device memory a recording driver claims by default: an 80 GB H100's. */
    public static final long DEFAULT_MEMORY = 80L << 30;
    /** What the SM count decides (the split-K choice of the weight gradient) follows an H100 SXM's 132. */
    private static final int MULTIPROCESSORS = 132;
    private static final long ALIGNMENT = 512;

    /**
     * What the backend asked of the device since the driver was made. A step's share is
     * {@code after.minus(before)}.
     *
     * @param launches kernel launches, and graph replays (one each, however many kernels the graph holds)
     * @param launchesByKernel kernel launches per {@code module.kernel}, in name order (outside graphs)
     * @param memsets {@code cuMemsetD32Async}s (zero-filled allocations)
     * @param copies device-to-device copies (contiguous {@code copyInto})
     * @param uploads host-to-device copies
     * @param downloads device-to-host copies (each gave zeros)
     * @param synchronizes explicit stream synchronisations
     * @param driverAllocations allocations the driver granted (the caching allocator's misses)
     * @param driverFrees blocks given back to the driver (the allocator emptying its cache)
     * @param driverBytes bytes held from the driver at the time (a difference: what was taken)
     */
    public record Counts(long launches, Map<String, Long> launchesByKernel, long memsets, long copies, long uploads,
                         long downloads, long synchronizes, long driverAllocations, long driverFrees, long driverBytes) {
        public Counts {
            launchesByKernel = java.util.Collections.unmodifiableMap(new TreeMap<>(launchesByKernel));
        }

        /**
         * Everything queued on the stream: kernel launches, memsets and device-to-device copies.
         * Each is a driver call on the host and an operation (a graph node) on the device, so this,
         * not the kernels alone, is what a step's launch count is measured in.
         */
        public long streamOperations() {
            return launches + memsets + copies;
        }

        /** Host synchronisations: every call that waits for the device (uploads, downloads, synchronize). */
        public long syncs() {
            return uploads + downloads + synchronizes;
        }

        /** What happened between {@code earlier} and this snapshot (kernels with no launch in between are left out). */
        public Counts minus(Counts earlier) {
            Map<String, Long> byKernel = new TreeMap<>();
            launchesByKernel.forEach((k, n) -> {
                long d = n - earlier.launchesByKernel.getOrDefault(k, 0L);
                if (d != 0) byKernel.put(k, d);
            });
            return new Counts(launches - earlier.launches, byKernel, memsets - earlier.memsets, copies - earlier.copies,
                    uploads - earlier.uploads, downloads - earlier.downloads, synchronizes - earlier.synchronizes,
                    driverAllocations - earlier.driverAllocations, driverFrees - earlier.driverFrees,
                    driverBytes - earlier.driverBytes);
        }
    }

    private final long memoryBytes;
    /** Live blocks, address to bytes: memsets and copies must fall inside one, frees must name one. */
    private final TreeMap<Long, Long> blocks = new TreeMap<>();
    private long nextAddress = 0x7f00_0000_0000L; // a plausible device address; only ever grows
    private long held;
    /** Every kernel resolved so far, with its signature and launch count. */
    private final Map<Kernel, Recorded> kernels = new HashMap<>();
    /** The PTX signatures per module, parsed on first use; empty where the build has no PTX. */
    private final Map<String, Map<String, PtxEntry>> signatures = new HashMap<>();
    private final boolean checkAgainstPtx = !PtxModules.available().isEmpty();
    private long launches, memsets, copies, uploads, downloads, synchronizes, driverAllocations, driverFrees;
    private final StreamCapture capture = new StreamCapture();

    /** A captured graph of this driver: only what it holds. */
    private record RecordedGraph(RecordingDeviceDriver driver, CapturedWork work) implements GraphHandle {}

    /** A recording device of {@link #DEFAULT_MEMORY}. */
    public RecordingDeviceDriver() {
        this(DEFAULT_MEMORY);
    }

    /** A recording device that refuses allocations beyond {@code memoryBytes} held at once. */
    public RecordingDeviceDriver(long memoryBytes) {
        if (memoryBytes <= 0) throw new IllegalArgumentException("device memory must be > 0 bytes, not " + memoryBytes);
        this.memoryBytes = memoryBytes;
    }

    /** The device memory this driver grants at most. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Everything counted so far. */
    public synchronized Counts counts() {
        Map<String, Long> byKernel = new TreeMap<>();
        kernels.forEach((kernel, k) -> {
            if (k.launches > 0) byKernel.put(kernel.toString(), k.launches);
        });
        return new Counts(launches, byKernel, memsets, copies, uploads, downloads, synchronizes, driverAllocations, driverFrees, held);
    }

    // ---------------------------------------------------------------- DeviceDriver

    private final DeviceMemory memory = new DeviceMemory() {
        @Override
        public long allocate(long bytes) {
            synchronized (RecordingDeviceDriver.this) {
                if (bytes <= 0) throw new IllegalArgumentException("driver asked for " + bytes + " bytes");
                if (held + bytes > memoryBytes) return 0; // out of memory: the allocator decides what to do
                long p = nextAddress;
                nextAddress += Math.ceilDiv(bytes, ALIGNMENT) * ALIGNMENT;
                blocks.put(p, bytes);
                held += bytes;
                driverAllocations++;
                return p;
            }
        }

        @Override
        public void free(long pointer) {
            synchronized (RecordingDeviceDriver.this) {
                Long bytes = blocks.remove(pointer);
                if (bytes == null)
                    throw new IllegalArgumentException("free of 0x" + Long.toHexString(pointer)
                            + ": not a live block of this driver (freed twice, or never allocated here)");
                held -= bytes;
                driverFrees++;
            }
        }

        @Override
        public MemInfo info() {
            synchronized (RecordingDeviceDriver.this) {
                return new MemInfo(memoryBytes - held, memoryBytes);
            }
        }
    };

    @Override
    public DeviceMemory memory() {
        return memory;
    }

    @Override
    public CudaDeviceInfo info() {
        return new CudaDeviceInfo("recording driver (no kernel runs)", 9, 0, MULTIPROCESSORS, memoryBytes);
    }

    @Override
    public void makeCurrent() {}

    @Override
    public synchronized void memsetD32(long pointer, int value, long count) {
        requireInsideBlock(pointer, count * 4, "memsetD32");
        if (capture.capturing()) capture.memset();
        else memsets++;
    }

    @Override
    public synchronized void copyDeviceToDevice(long dst, long src, long bytes) {
        requireInsideBlock(src, bytes, "copy source");
        requireInsideBlock(dst, bytes, "copy destination");
        if (capture.capturing()) capture.copy();
        else copies++;
    }

    @Override
    public synchronized void upload(float[] src, long devicePtr) {
        capture.refuseHostSync("upload");
        requireInsideBlock(devicePtr, (long) src.length * Float.BYTES, "upload");
        uploads++;
    }

    /** Gives zeros: nothing computed them. */
    @Override
    public synchronized void download(long devicePtr, float[] dst) {
        capture.refuseHostSync("download");
        requireInsideBlock(devicePtr, (long) dst.length * Float.BYTES, "download");
        java.util.Arrays.fill(dst, 0f);
        downloads++;
    }

    /**
     * A kernel as this driver records it: its PTX signature (null where the build has no PTX) and
     * how often it was launched.
     */
    private static final class Recorded implements KernelHandle {
        private final RecordingDeviceDriver driver;
        private final Kernel kernel;
        private final PtxEntry entry;
        private long launches;

        Recorded(RecordingDeviceDriver driver, Kernel kernel, PtxEntry entry) {
            this.driver = driver;
            this.kernel = kernel;
            this.entry = entry;
        }

        @Override
        public Kernel kernel() {
            return kernel;
        }

        @Override
        public int maxThreadsPerBlock() {
            return entry != null ? entry.maxThreads() : PtxEntry.HARDWARE_MAX_THREADS;
        }
    }

    /** The kernel's handle; throws where {@code cuModuleGetFunction} would fail (with the PTX at hand to tell). */
    @Override
    public synchronized KernelHandle function(Kernel kernel) {
        Recorded k = kernels.get(kernel);
        if (k == null) {
            k = new Recorded(this, kernel, checkAgainstPtx ? entry(kernel.module(), kernel.name()) : null);
            kernels.put(kernel, k);
        }
        return k;
    }

    @Override
    public synchronized void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
        if (!(kernel instanceof Recorded k) || k.driver != this)
            throw new IllegalArgumentException(kernel.kernel() + ": a handle of another driver");
        if (k.entry != null) {
            String wrong = args.mismatch(k.entry.paramBytes());
            if (wrong != null) throw new IllegalStateException(k.kernel + ": " + wrong);
            if (blockX * blockY > k.entry.maxThreads())
                throw new IllegalStateException(k.kernel + ": a block of " + blockX * blockY
                        + " threads is over the kernel's launch bound of " + k.entry.maxThreads());
        }
        if (capture.capturing()) {
            capture.kernel();
            return;
        }
        k.launches++;
        launches++;
    }

    @Override
    public synchronized void beginCapture() {
        capture.begin();
    }

    @Override
    public synchronized GraphHandle endCapture() {
        return new RecordedGraph(this, capture.end());
    }

    /** One launch, however many kernels the graph holds: the point of a graph. */
    @Override
    public synchronized void launchGraph(GraphHandle graph) {
        own(graph);
        launches++;
    }

    @Override
    public synchronized void destroyGraph(GraphHandle graph) {
        own(graph);
    }

    private void own(GraphHandle graph) {
        if (!(graph instanceof RecordedGraph g) || g.driver() != this) throw new IllegalArgumentException("a graph of another driver");
    }

    /**
     * Host-mapped words as a GPU has them (the index check's flag), so that a recorded step pays
     * no download to read the flag, as on a GPU: kernels never run here, so they stay as set.
     */
    @Override
    public synchronized HostMapped allocateHostMapped(int words) {
        long address = nextAddress;
        nextAddress += Math.ceilDiv((long) words * Integer.BYTES, ALIGNMENT) * ALIGNMENT;
        int[] values = new int[words];
        return new HostMapped() {
            @Override public long devicePointer() { return address; }
            @Override public int get(int i) { return values[i]; }
            @Override public void set(int i, int value) { values[i] = value; }
        };
    }

    @Override
    public synchronized void synchronize() {
        capture.refuseHostSync("synchronize");
        synchronizes++;
    }

    // ---------------------------------------------------------------- checks

    /** The kernel's PTX signature; throws where {@code cuModuleGetFunction} would fail. */
    private PtxEntry entry(String module, String kernel) {
        Map<String, PtxEntry> entries = signatures.get(module);
        if (entries == null) {
            entries = PtxModules.exists(module) ? PtxEntry.parse(PtxModules.text(module)) : Map.of();
            signatures.put(module, entries);
        }
        PtxEntry e = entries.get(kernel);
        if (e == null)
            throw new IllegalStateException("no kernel " + module + "." + kernel + " in the PTX modules "
                    + PtxModules.available());
        return e;
    }

    /** Throws unless [pointer, pointer + bytes) lies in one live block, as a GPU access outside one would fault (or worse). */
    private void requireInsideBlock(long pointer, long bytes, String what) {
        Long start = blocks.floorKey(pointer);
        if (start == null || pointer + bytes > start + blocks.get(start))
            throw new IllegalStateException(what + " of " + bytes + " bytes at 0x" + Long.toHexString(pointer)
                    + " is outside every live allocation");
    }
}
