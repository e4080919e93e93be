package ionas.tensor.cuda;

import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.MemoryScope;
import ionas.tensor.Storage;
import ionas.tensor.cuda.driver.CapturedWork;
import ionas.tensor.cuda.driver.DeviceDriver;
import ionas.tensor.cuda.driver.GraphHandle;
import java.util.List;
import java.util.function.Supplier;

/**
 * A step captured once as a CUDA graph and replayed: one {@code cuGraphLaunch} per step instead of
 * a driver call per kernel, memset and copy (a training step makes about a thousand). The capture
 * runs the step's Java code once, with the device's stream recording instead of running; every
 * replay runs the recorded work again, on the same addresses, and no Java code:
 *
 * <pre>{@code
 * NDArray images = NDArray.zeros(128, 3, 32, 32).to(cuda), labels = NDArray.zeros(128).to(cuda);
 * step.run(images, labels);                                 // eager warm-up: lazy state is made
 * try (CudaGraph<Tensor> graph = CudaGraph.capture(cuda, () -> step.run(images, labels))) {
 *     for (Batch b : batches) {
 *         b.images().to(cuda).copyInto(images);             // new inputs into the captured tensors
 *         b.labels().to(cuda).copyInto(labels);
 *         graph.replay();
 *         float loss = graph.output().item();               // the captured loss, as this replay left it
 *     }
 * }
 * }</pre>
 *
 * <p><b>What a step must be.</b> Everything it does on the device must be the same every step,
 * since a replay repeats the capture: inputs come from fixed device tensors the caller overwrites
 * before each replay; values passed as kernel arguments are frozen at capture (an Adam step count,
 * a dropout seed, a learning rate: keep such values in device tensors, or capture again when they
 * change); and state made on first use (an optimiser's momentum buffers) must exist before the
 * capture, hence the eager warm-up. It must not wait for the device: reading a tensor back
 * ({@code item()}, {@code toFloatArray()}), creating one from host values or synchronising
 * throws during the capture, as it would under CUDA's stream capture.
 *
 * <p><b>Memory.</b> The capture runs in a {@link MemoryScope} that the graph keeps until it is
 * closed: the blocks its step allocated, and those it freed (see {@link CachingAllocator}, "Graphs"),
 * stay reserved for the replays, which write them. Memory made before the capture that the step
 * uses (weights, inputs) is the caller's to keep alive. {@link #close()} releases it all.
 *
 * <p>One thread captures and replays; work queued on the device by other threads during the
 * capture would be captured too.
 */
public final class CudaGraph<T> implements AutoCloseable {
    private final CudaContext context;
    private final GraphHandle graph;
    private final CachingAllocator.GraphPool pool;
    private final List<Storage> storages;
    private final T output;
    private boolean closed;

    private CudaGraph(CudaContext context, GraphHandle graph, CachingAllocator.GraphPool pool, List<Storage> storages, T output) {
        this.context = context;
        this.graph = graph;
        this.pool = pool;
        this.storages = storages;
        this.output = output;
    }

    /**
     * Runs {@code step} once on {@code device}'s stream with capture on, and returns its graph,
     * ready to {@link #replay()}. The step's device work has not run: its output holds values
     * only after the first replay.
     *
     * @throws IllegalArgumentException if {@code device} is not a CUDA device
     * @throws IllegalStateException if the step waits for the device, or a capture is under way
     */
    public static <T> CudaGraph<T> capture(Device device, Supplier<T> step) {
        if (!(Backends.of(device) instanceof CudaBackend backend))
            throw new IllegalArgumentException("a CUDA graph captures a CUDA device's stream; " + device + " has none");
        CudaContext context = backend.context();
        DeviceDriver driver = context.driver();
        CachingAllocator allocator = context.allocator();
        MemoryScope scope = MemoryScope.open();
        allocator.beginGraphPool();
        boolean captured = false;
        try {
            driver.beginCapture();
            T output;
            try {
                output = step.get();
            } catch (RuntimeException | Error e) {
                driver.destroyGraph(driver.endCapture()); // the stream leaves capture mode; nothing was run
                throw e;
            }
            GraphHandle graph = driver.endCapture();
            CudaGraph<T> g = new CudaGraph<>(context, graph, allocator.endGraphPool(), scope.closeAndTake(), output);
            captured = true;
            return g;
        } finally {
            if (!captured) {
                scope.close();
                allocator.releaseGraphPool(allocator.endGraphPool());
            }
        }
    }

    /** Queues the captured work once more, as one launch; it runs on the addresses of the capture. */
    public void replay() {
        if (closed) throw new IllegalStateException("this CUDA graph has been closed");
        driver().launchGraph(graph);
    }

    /**
     * What the step returned at capture: its device tensors hold the results of the latest replay
     * (read them after {@link #replay()}; reading waits for it). Invalid once the graph is closed.
     */
    public T output() {
        if (closed) throw new IllegalStateException("this CUDA graph has been closed");
        return output;
    }

    /** What the graph holds: the kernels, memsets and copies that one replay runs. */
    public CapturedWork work() {
        return graph.work();
    }

    /**
     * Destroys the graph and gives back the memory its step allocated; the output's tensors are
     * closed with it. Replays already queued still run first (the memory is reused in stream
     * order). Later calls do nothing.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        driver().destroyGraph(graph);
        for (Storage s : storages) s.release();
        context.allocator().releaseGraphPool(pool);
    }

    private DeviceDriver driver() {
        return context.driver();
    }
}
