package ionas.benchmarks.gpu;

import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nn.optim.Adam;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.CachingAllocator;
import ionas.tensor.cuda.CudaBackend;
import ionas.tensor.cuda.CudaGraph;
import ionas.tensor.cuda.OutOfDeviceMemory;
import ionas.tensor.cuda.driver.CapturedWork;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The step profile of issue 14 ({@code bash benchmarks/gpu/step-profile.sh}; docs/cuda.md, "Step
 * profile"): what a training step asks of the device, counted on {@code cuda:0} over a
 * {@link RecordingDeviceDriver}, which runs no kernel. For the NAS-Bench-101 step of
 * {@link GpuTrainingStepBenchmark} and for arch2vec's step ({@link Arch2VecTrainer#step}), it prints
 * per step the launches (every operation queued on the stream: kernel launches, memsets and
 * device-to-device copies, each a driver call and a device operation), the host synchronisations, the driver allocations, the allocator's peak bytes in use and the
 * kernels launched most; then one summary line per step kind, nb101's last:
 * <pre>
 *   nb101 step: L launches, S syncs, A driver allocations after warm-up, P peak device bytes
 * </pre>
 * L and S are the last step's; A is the sum over the steps after the second; P is the largest peak.
 * Last, the nb101 step captured once as a {@link CudaGraph} after the warm-up and replayed:
 * <pre>
 *   nb101 step as a graph: R launch per step after capture (G kernels in the graph, ...)
 * </pre>
 * R is what the recording driver counted per replay (every stream operation), G the kernels the
 * capture recorded.
 *
 * <p>A step here ends when the optimiser has queued its update; the {@code loss.item()} that the
 * benchmark and the trainer do next is the step's natural synchronisation point and is counted
 * apart. Values are garbage (every read-back gives zeros), which changes no count in these steps
 * except where code branches on a value read back; each step's note says where it does.
 *
 * <p>Memory that the step's code does not close is returned only when the garbage collector runs
 * the tensors' Cleaners, so A and P depend on when collections happen (the heap size, the
 * collector); the header prints the heap.
 */
public final class StepProfile {
    /** The device label: the counts are the real backend's, but nothing ran. */
    static final String LABEL = "cuda:0 recorded on the cpu (no kernel runs)";
    private static final int DEFAULT_STEPS = 5, WARM_UP = 2, TOP = 8;
    /** The steps of the run under a memory budget of twice one step's peak (issue 14). */
    private static final int BUDGET_STEPS = 200;
    /** The replays of the captured step that {@link #graphLine} counts. */
    private static final int REPLAYS = 5;

    /**
     * One profiled step: what it asked of the driver, the allocator's bytes in use at its start,
     * its peak and its end, and the garbage collections the allocator asked for to find memory.
     */
    record StepCounts(RecordingDeviceDriver.Counts counts, long inUseBefore, long peakBytes, long inUseAfter, long collections) {}

    /** The summary of a step kind over its profiled steps. */
    record Summary(String name, long launches, long syncs, long allocationsAfterWarmUp, long peakBytes) {
        String line() {
            return name + " step: " + launches + " launches, " + syncs + " syncs, " + allocationsAfterWarmUp
                    + " driver allocations after warm-up, " + peakBytes + " peak device bytes";
        }
    }

    private StepProfile() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? parseSteps(args[0]) : DEFAULT_STEPS;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "step profile on %s: %d steps each, the first %d counted as warm-up; Java heap max %s, %s%n",
                LABEL, steps, WARM_UP, mib(Runtime.getRuntime().maxMemory()),
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).collect(Collectors.joining(" + ")));
        Summary arch2vec = profile("arch2vec", steps, out, StepProfile::arch2vecStep,
                "gradient clipping stays on the device (the norm is a 0-d device array; whether to scale is decided"
                        + " there, so a clipped step queues the same launches); Adam is one multi-tensor launch; the loss's"
                        + " upper-triangle mask is uploaded once per device (step 1)");
        Summary nb101 = profile("nb101", steps, out, d -> new Nb101TrainingStep(d)::run,
                "no branch on a value read back: the index checks of cross-entropy's gather and max-pool backward"
                        + " read a flag (zero: no bad index), which only decides whether to throw");
        out.println(memoryBudgetRun("nb101", BUDGET_STEPS, 2 * nb101.peakBytes(), d -> new Nb101TrainingStep(d)::run));
        out.println(arch2vec.line());
        out.println(nb101.line());
        out.println(graphLine("nb101", d -> new Nb101TrainingStep(d)::run));
    }

    /**
     * The step captured as a {@link CudaGraph} after {@link #WARM_UP} eager steps (which make the
     * optimiser's state) and replayed {@link #REPLAYS} times on a fresh recording cuda:0: what a
     * replay asks of the device, as counted, and what the graph holds.
     */
    static String graphLine(String name, Function<Device, Supplier<Tensor>> build) {
        RecordingDeviceDriver driver = new RecordingDeviceDriver();
        Backends.registerCuda(CudaBackend.over(driver));
        try {
            Supplier<Tensor> step = build.apply(Device.cuda(0));
            for (int s = 0; s < WARM_UP; s++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    step.get();
                }
            }
            try (CudaGraph<Tensor> graph = CudaGraph.capture(Device.cuda(0), step)) {
                RecordingDeviceDriver.Counts before = driver.counts();
                for (int r = 0; r < REPLAYS; r++) graph.replay();
                RecordingDeviceDriver.Counts replays = driver.counts().minus(before);
                CapturedWork work = graph.work();
                long launches = replays.streamOperations() / REPLAYS;
                return String.format(Locale.ROOT, "%s step as a graph: %d launch%s per step after capture (%d kernels in the graph,"
                                + " and %d memsets and %d device copies); per replay %d syncs, %d driver allocations",
                        name, launches, launches == 1 ? "" : "es", work.kernels(), work.memsets(), work.copies(),
                        replays.syncs() / REPLAYS, replays.driverAllocations() / REPLAYS);
            }
        } finally {
            Backends.registerCuda(null);
        }
    }

    /**
     * Runs {@code steps} steps, each in a MemoryScope, on a recording device of only
     * {@code memoryBytes}: whether a long run keeps within a fixed budget (twice one step's peak)
     * or creeps up until it runs out, as it did while dead tensors waited for the collector.
     */
    static String memoryBudgetRun(String name, int steps, long memoryBytes, Function<Device, Supplier<Tensor>> build) {
        RecordingDeviceDriver driver = new RecordingDeviceDriver(memoryBytes);
        CudaBackend backend = CudaBackend.over(driver);
        CachingAllocator allocator = backend.context().allocator();
        Backends.registerCuda(backend);
        try {
            Supplier<Tensor> step = build.apply(Device.cuda(0));
            for (int s = 1; s <= steps; s++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    step.get().item();
                } catch (OutOfDeviceMemory e) {
                    return name + " memory budget: ran out of " + mib(memoryBytes) + " at step " + s + " of " + steps + ": " + e.getMessage();
                }
            }
            CachingAllocator.Stats stats = allocator.stats();
            return String.format(Locale.ROOT, "%s memory budget: %d steps within %s (twice one step's peak): done, %s in use and %s"
                            + " cached at the end, %d driver allocations, %d garbage collections for device memory",
                    name, steps, mib(memoryBytes), mib(stats.inUse()), mib(stats.cached()), stats.driverAllocations(), stats.collections());
        } finally {
            Backends.registerCuda(null);
        }
    }

    /**
     * Profiles {@code steps} steps of the step that {@code build} makes on a fresh recording cuda:0
     * (built there, so that its setup is not counted), prints a line per step and returns the summary.
     */
    static Summary profile(String name, int steps, PrintStream out, Function<Device, Supplier<Tensor>> build, String note) {
        RecordingDeviceDriver driver = new RecordingDeviceDriver();
        CudaBackend backend = CudaBackend.over(driver);
        CachingAllocator allocator = backend.context().allocator();
        Backends.registerCuda(backend);
        try {
            Supplier<Tensor> step = build.apply(Device.cuda(0));
            out.printf(Locale.ROOT, "%n%s (%s; %s of device memory; setup held %s):%n", name, LABEL,
                    mib(driver.memoryBytes()), mib(allocator.stats().inUse()));
            out.println("  note: " + note);
            List<StepCounts> all = new ArrayList<>();
            for (int s = 1; s <= steps; s++) {
                RecordingDeviceDriver.Counts before = driver.counts();
                CachingAllocator.Stats start = allocator.stats();
                allocator.resetPeak();
                RecordingDeviceDriver.Counts counts;
                long itemSyncs;
                // in a MemoryScope, as the training loops and the benchmark run a step
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor loss = step.get();
                    counts = driver.counts().minus(before);
                    RecordingDeviceDriver.Counts beforeItem = driver.counts();
                    loss.item(); // the step's end, as in the benchmark and the trainer: counted apart
                    itemSyncs = driver.counts().minus(beforeItem).syncs();
                }
                CachingAllocator.Stats stats = allocator.stats();
                StepCounts c = new StepCounts(counts, start.inUse(), stats.peakInUse(), stats.inUse(),
                        stats.collections() - start.collections());
                all.add(c);
                print(out, s, c, itemSyncs);
            }
            StepCounts last = all.get(all.size() - 1);
            long afterWarmUp = all.stream().skip(WARM_UP).mapToLong(c -> c.counts().driverAllocations()).sum();
            long peak = all.stream().mapToLong(StepCounts::peakBytes).max().orElse(0);
            return new Summary(name, last.counts().streamOperations(), last.counts().syncs(), afterWarmUp, peak);
        } finally {
            Backends.registerCuda(null);
        }
    }

    private static void print(PrintStream out, int step, StepCounts c, long itemSyncs) {
        RecordingDeviceDriver.Counts k = c.counts();
        out.printf(Locale.ROOT, "  step %d%s: %,d launches (%,d kernels, %,d memsets, %,d device copies); %,d syncs (%,d downloads, %,d uploads,"
                        + " %,d synchronize; loss.item() after it: %d more); %,d driver allocations, %,d frees; peak %s in use"
                        + " (%s above the step's start), %s at the end%s%n",
                step, step <= WARM_UP ? " (warm-up)" : "", k.streamOperations(), k.launches(), k.memsets(), k.copies(), k.syncs(), k.downloads(),
                k.uploads(), k.synchronizes(), itemSyncs, k.driverAllocations(), k.driverFrees(), bytes(c.peakBytes()),
                mib(c.peakBytes() - c.inUseBefore()), bytes(c.inUseAfter()), c.collections() > 0 ? "; " + c.collections() + " garbage collection(s) for device memory" : "");
        out.println("    top kernels: " + k.launchesByKernel().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    /**
     * arch2vec's pre-training step as {@code ionas arch2vec train} takes it (the paper's settings:
     * 4 GIN layers, hidden 128, latent 16, Adam 1e-3, clipping at norm 5) on one batch of 32 cells
     * already on the device. The cells are random (7 nodes, one-hot ops, upper-triangular
     * adjacency): the step's work does not depend on which cells they are.
     */
    static Supplier<Tensor> arch2vecStep(Device device) {
        int batch = 32, nodes = Arch2VecEncoding.NODES, opTypes = Arch2VecEncoding.OP_COUNT;
        Arch2Vec model = Arch2Vec.standard(new Generator(1), new Generator(1));
        model.to(device);
        model.train(true);
        Adam adam = new Adam(model.parameters(), 1e-3);
        SplittableRandom r = new SplittableRandom(1);
        float[] ops = new float[batch * nodes * opTypes], adjacency = new float[batch * nodes * nodes];
        for (int b = 0; b < batch; b++) {
            for (int v = 0; v < nodes; v++) {
                ops[(b * nodes + v) * opTypes + r.nextInt(opTypes)] = 1;
                for (int w = v + 1; w < nodes; w++) adjacency[(b * nodes + v) * nodes + w] = r.nextInt(2);
            }
        }
        NDArray o = NDArray.of(ops, batch, nodes, opTypes).to(device), a = NDArray.of(adjacency, batch, nodes, nodes).to(device);
        return () -> Arch2VecTrainer.step(model, adam, o, a, 5).loss();
    }

    private static int parseSteps(String arg) {
        try {
            int n = Integer.parseInt(arg);
            if (n > WARM_UP) return n;
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException("usage: StepProfile [STEPS]: STEPS must be a whole number above " + WARM_UP
                + " (the first " + WARM_UP + " are warm-up), not '" + arg + "'");
    }

    private static String bytes(long b) {
        return String.format(Locale.ROOT, "%,d B (%s)", b, mib(b));
    }

    private static String mib(long b) {
        return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1 << 20));
    }
}
