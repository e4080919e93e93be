package ionas.benchmarks;

import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SpecCells;
import ionas.nas.nb101.Network;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.SGD;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole training steps (forward, backward, SGD step) of the two models the paper trains, the work
 * of {@code benchmarks/pytorch/models.py} on the PyTorch side:
 * <ul>
 *   <li>{@code nb101Step}: a NAS-Bench-101 network of the spec's Inception-like cell, 16 stem
 *       channels, 3 stacks of 3 cells, batch 32 of 32x32 images, cross-entropy;
 *   <li>{@code arch2vecStep}: arch2vec's VAE (4 GIN layers, hidden 128, latent 16, dropout 0.3),
 *       batch 32 graphs of 7 nodes, its reconstruction + KL loss.
 * </ul>
 * Both use SGD (lr 0.01, momentum 0.9), so the step cost is comparable across frameworks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
// A long warm-up: the JIT compiles the engine's hundreds of methods for over 10 s on two cores,
// and until it has, steps run up to 40% slower (seen in compare.sh's iterations, 2026-12-04).
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 1)
public class TrainingStepBenchmark {
    /** The README's Inception-like cell, test vector of spec section 1.4a (the GPU benchmark trains it too). */
    public static final CellSpec CELL = SpecCells.INCEPTION;
    static final int BATCH = 32;

    private Network network;
    private SGD networkOptimizer;
    private Tensor images;
    private NDArray labels;

    private Arch2Vec vae;
    private SGD vaeOptimizer;
    private NDArray ops, adjacency;

    @Setup
    public void setUp() {
        Generator init = new Generator(42), data = new Generator(7);
        network = new Network(CELL, 16, 3, 3, 10, init);
        networkOptimizer = new SGD(network.parameters(), 0.01, 0.9, 0);
        images = Tensor.of(NDArray.randn(data, BATCH, 3, 32, 32));
        labels = classLabels(data);

        vae = Arch2Vec.standard(init, new Generator(8));
        vaeOptimizer = new SGD(vae.parameters(), 0.01, 0.9, 0);
        ops = randomOps(data);
        adjacency = NDArray.rand(data, BATCH, Arch2VecEncoding.NODES, Arch2VecEncoding.NODES).lt(0.3)
                .mul(upperTriangle()); // random DAGs, strictly upper triangular
    }

    // Each step runs in a MemoryScope, as the trainers' steps do: what it allocates goes back to
    // the thread's array pool at its end (the optimiser keeps its own state), so a steady step
    // reuses last step's arrays instead of asking the collector for new ones.

    @Benchmark
    public double nb101Step() {
        try (MemoryScope step = MemoryScope.open()) {
            networkOptimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(network.forward(images), labels, Reduction.MEAN);
            loss.backward();
            networkOptimizer.step();
            return loss.item();
        }
    }

    @Benchmark
    public double arch2vecStep() {
        try (MemoryScope step = MemoryScope.open()) {
            vaeOptimizer.zeroGrad();
            Tensor loss = vae.trainingLoss(ops, adjacency);
            loss.backward();
            vaeOptimizer.step();
            return loss.item();
        }
    }

    /** Labels 0..9 as float values (ionas' index convention). */
    private static NDArray classLabels(Generator g) {
        float[] r = NDArray.rand(g, BATCH).toFloatArray();
        for (int i = 0; i < r.length; i++) r[i] = (float) Math.floor(r[i] * 10);
        return NDArray.of(r, BATCH);
    }

    private static NDArray upperTriangle() {
        int n = Arch2VecEncoding.NODES;
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i * n + j] = 1;
        return NDArray.of(m, n, n);
    }

    /** One-hot ops: input first, output last, random ops between. */
    private static NDArray randomOps(Generator g) {
        int n = Arch2VecEncoding.NODES;
        float[] v = new float[BATCH * n * Arch2VecEncoding.OP_COUNT];
        float[] r = NDArray.rand(g, BATCH * n).toFloatArray();
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < n; i++) {
                int op = i == 0 ? 0 : i == n - 1 ? 4 : 1 + (int) (r[b * n + i] * 3);
                v[(b * n + i) * Arch2VecEncoding.OP_COUNT + op] = 1;
            }
        }
        return NDArray.of(v, BATCH, n, Arch2VecEncoding.OP_COUNT);
    }
}
