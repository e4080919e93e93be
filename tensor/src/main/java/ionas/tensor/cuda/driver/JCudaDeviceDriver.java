package ionas.tensor.cuda.driver;

import static ionas.kernels.cuda.CudaCheck.check;

import ionas.kernels.cuda.CudaCheck;
import ionas.kernels.cuda.CudaFailure;
import ionas.kernels.cuda.PtxEntry;
import ionas.kernels.cuda.PtxModules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * {@link DeviceDriver} on a real GPU through the JCuda driver API: the device's primary context
 * (the one the runtime API and other libraries share, so ionas cooperates with them), the one
 * stream all its work is queued on, the loaded PTX modules and kernel functions, the driver's
 * memory and the pinned staging buffer of the transfers. Every call first makes the context
 * current on the calling thread: the backend may be driven from any thread, and a driver call
 * without a current context fails.
 *
 * <p>Launches are asynchronous: a kernel fault shows up at the next synchronizing call (a
 * download, {@link #synchronize()}). With {@code -Dionas.cuda.sync=true} every launch is followed
 * by a stream synchronization, so the failure names the kernel that caused it: the switch for
 * debugging a first run on a new GPU.
 *
 * <p>A launch allocates nothing on the Java side. Each kernel's {@code CUfunction}, block limit and
 * parameter sizes are asked once ({@link #function}); the arguments come in a reused
 * {@link KernelArgs}, whose {@code kernelParams} table lives in native memory and reaches
 * {@code cuLaunchKernel} through one JCuda {@link Pointer} made for that list once
 * ({@link KernelArgs#jcudaKernelParams()}). JCuda passes the table's address on, and the driver
 * reads from it as many parameters as the kernel declares and copies their values before the
 * call returns. Before that, the list is compared with the parameter sizes in the kernel's PTX, as
 * the emulator and the recording driver do: the GPU would otherwise read a short or mis-sized list
 * without a word.
 *
 * <p><b>CUDA graphs</b> ({@link #beginCapture} to {@link #destroyGraph}): the stream is captured in
 * relaxed mode and the graph instantiated as it is; this path has not yet run on a GPU (the
 * emulator's and the recording driver's captures are what the tests cover).
 */
public final class JCudaDeviceDriver implements DeviceDriver {
    private static final boolean SYNC = Boolean.getBoolean("ionas.cuda.sync");

    private final int ordinal;
    private final CUcontext context;
    private final CUstream stream;
    private final DriverMemory memory;
    private final CudaTransfers transfers;
    private final ConcurrentMap<String, CUmodule> modules = new ConcurrentHashMap<>();
    /** Each module's kernel signatures, parsed from its PTX on first use. */
    private final ConcurrentMap<String, Map<String, PtxEntry>> signatures = new ConcurrentHashMap<>();
    private final ConcurrentMap<Kernel, GpuKernel> kernels = new ConcurrentHashMap<>();
    private final StreamCapture capture = new StreamCapture();

    /** An instantiated graph of this driver's stream, and what it holds. */
    private record GpuGraph(JCudaDeviceDriver driver, CUgraphExec exec, CapturedWork work) implements GraphHandle {}

    /**
     * A kernel on this GPU: its function in the loaded module, its block limit
     * (CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK) and the byte size of each of its parameters (its PTX's
     * {@code .param}s).
     */
    private record GpuKernel(JCudaDeviceDriver driver, Kernel kernel, CUfunction function, int maxThreadsPerBlock, int[] paramBytes)
            implements KernelHandle {}

    /**
     * Initialises the driver and takes device {@code ordinal}'s primary context.
     *
     * @throws IllegalStateException when there is no device of that ordinal
     */
    public JCudaDeviceDriver(int ordinal) {
        JCudaDriver.setExceptionsEnabled(false); // errors come back as CUresult codes for CudaCheck
        check(JCudaDriver.cuInit(0), "cuInit");
        int[] count = {0};
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal >= count[0]) {
            throw new IllegalStateException("no CUDA device " + ordinal + ": the driver sees " + count[0]);
        }
        this.ordinal = ordinal;
        CUdevice device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        stream = new CUstream();
        // non-blocking: the legacy default stream must not serialize with ours behind our back
        check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        memory = new DriverMemory(context);
        transfers = new CudaTransfers(new PinnedBuffer(context));
    }

    @Override
    public DeviceMemory memory() {
        return memory;
    }

    @Override
    public CudaDeviceInfo info() {
        return CudaDeviceInfo.query(ordinal);
    }

    @Override
    public void makeCurrent() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    @Override
    public void memsetD32(long pointer, int value, long count) {
        makeCurrent();
        check(JCudaDriver.cuMemsetD32Async(DevicePointer.of(pointer), value, count, stream), "cuMemsetD32Async");
        capture.memset();
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyDtoDAsync(DevicePointer.of(dst), DevicePointer.of(src), bytes, stream), "cuMemcpyDtoDAsync");
        capture.copy();
    }

    @Override
    public void upload(float[] src, long devicePtr) {
        capture.refuseHostSync("upload");
        transfers.upload(src, devicePtr, stream);
    }

    @Override
    public void download(long devicePtr, float[] dst) {
        capture.refuseHostSync("download");
        transfers.download(devicePtr, dst, stream);
    }

    /**
     * The kernel's function (loading its module on first use: the driver JIT-compiles the PTX, which
     * takes milliseconds), block limit and parameter sizes, asked once and cached.
     */
    @Override
    public KernelHandle function(Kernel kernel) {
        GpuKernel k = kernels.get(kernel);
        if (k != null) return k;
        makeCurrent();
        return kernels.computeIfAbsent(kernel, this::resolve);
    }

    private GpuKernel resolve(Kernel kernel) {
        CUfunction f = new CUfunction();
        check(JCudaDriver.cuModuleGetFunction(f, module(kernel.module()), kernel.name()), "cuModuleGetFunction(" + kernel + ")");
        int[] maxThreads = new int[1];
        check(JCudaDriver.cuFuncGetAttribute(maxThreads, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, f),
                "cuFuncGetAttribute(" + kernel + ", MAX_THREADS_PER_BLOCK)");
        PtxEntry entry = signatures.computeIfAbsent(kernel.module(), m -> PtxEntry.parse(PtxModules.text(m))).get(kernel.name());
        if (entry == null) throw new IllegalStateException(kernel + ": the driver found it, but its PTX has no such .entry");
        return new GpuKernel(this, kernel, f, maxThreads[0], entry.paramBytes());
    }

    /**
     * Queues the kernel on the stream with the list's arguments, after checking them against the
     * kernel's parameters; allocates nothing unless it throws. {@code cuLaunchKernel} copies the
     * argument values before it returns, so the list may be rewritten at once.
     */
    @Override
    public void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
        if (!(kernel instanceof GpuKernel k) || k.driver() != this)
            throw new IllegalArgumentException(kernel.kernel() + ": a handle of another driver");
        String wrong = args.mismatch(k.paramBytes());
        if (wrong != null) throw new IllegalStateException(k.kernel() + ": " + wrong);
        makeCurrent(); // the calling thread may not be the one that created the context
        int status = JCudaDriver.cuLaunchKernel(k.function(), gridX, gridY, gridZ, blockX, blockY, 1, 0, stream,
                args.jcudaKernelParams(), null);
        if (status != CUresult.CUDA_SUCCESS) check(status, "cuLaunchKernel(" + k.kernel() + ")"); // the name only on failure
        if (capture.capturing()) capture.kernel(); // a captured stream has nothing to synchronise with
        else if (SYNC) check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize after " + k.kernel());
    }

    @Override
    public void synchronize() {
        capture.refuseHostSync("synchronize");
        makeCurrent();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** {@code cuStreamBeginCapture} in relaxed mode: the caching allocator's {@code cuMemAlloc} stays allowed. */
    @Override
    public void beginCapture() {
        makeCurrent();
        capture.begin();
        check(JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_RELAXED), "cuStreamBeginCapture");
    }

    /**
     * {@code cuStreamEndCapture}, then {@code cuGraphInstantiate}; the graph itself is destroyed at
     * once, as the executable graph is a copy of it.
     */
    @Override
    public GraphHandle endCapture() {
        makeCurrent();
        CapturedWork work = capture.end();
        CUgraph graph = new CUgraph();
        check(JCudaDriver.cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
        try {
            CUgraphExec exec = new CUgraphExec();
            check(JCudaDriver.cuGraphInstantiate(exec, graph, 0), "cuGraphInstantiate");
            return new GpuGraph(this, exec, work);
        } finally {
            check(JCudaDriver.cuGraphDestroy(graph), "cuGraphDestroy");
        }
    }

    @Override
    public void launchGraph(GraphHandle graph) {
        makeCurrent();
        check(JCudaDriver.cuGraphLaunch(own(graph).exec(), stream), "cuGraphLaunch");
    }

    @Override
    public void destroyGraph(GraphHandle graph) {
        makeCurrent();
        check(JCudaDriver.cuGraphExecDestroy(own(graph).exec()), "cuGraphExecDestroy");
    }

    private GpuGraph own(GraphHandle graph) {
        if (!(graph instanceof GpuGraph g) || g.driver() != this) throw new IllegalArgumentException("a graph of another driver");
        return g;
    }

    /**
     * Pinned host memory mapped into the device's address space ({@code cuMemHostAlloc} with
     * {@code CU_MEMHOSTALLOC_DEVICEMAP}; every 64-bit context maps it, CUDA's unified addressing):
     * kernels write it over the bus, the host reads it after a synchronisation with no copy. Never
     * freed: it lives as long as the context. Null (the caller falls back to device memory) if the
     * driver refuses.
     */
    @Override
    public HostMapped allocateHostMapped(int words) {
        makeCurrent();
        long bytes = (long) words * Integer.BYTES;
        Pointer host = new Pointer();
        if (JCudaDriver.cuMemHostAlloc(host, bytes, JCudaDriver.CU_MEMHOSTALLOC_DEVICEMAP | JCudaDriver.CU_MEMHOSTALLOC_PORTABLE)
                != CUresult.CUDA_SUCCESS) return null;
        DevicePointer device = new DevicePointer();
        if (JCudaDriver.cuMemHostGetDevicePointer(device, host, 0) != CUresult.CUDA_SUCCESS) {
            JCudaDriver.cuMemFreeHost(host);
            return null;
        }
        java.nio.ByteBuffer words32 = host.getByteBuffer(0, bytes).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < words; i++) words32.putInt(i * Integer.BYTES, 0);
        long address = device.address();
        return new HostMapped() {
            @Override public long devicePointer() { return address; }
            @Override public int get(int i) { return words32.getInt(i * Integer.BYTES); }
            @Override public void set(int i, int value) { words32.putInt(i * Integer.BYTES, value); }
        };
    }

    /** The loaded PTX module {@code name}. */
    CUmodule module(String name) {
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
}
