package ionas.benchmarks.gpu;

import ionas.autograd.Tensor;
import ionas.benchmarks.TrainingStepBenchmark;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.Network;
import ionas.nn.Init;
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
 * One SGD training step (forward, cross-entropy, backward, SGD with lr 0.01 and momentum 0.9) of
 * a full NAS-Bench-101 network on the GPU: the spec's Inception-like test-vector cell, stem 128,
 * 3 stacks of 3 cells, batch 128 of 32 x 32 images, 10 classes. The work of {@code gpuNb101Step}
 * in {@code benchmarks/pytorch/gpu_bench.py}. {@code loss.item()} reads the loss back, which
 * waits for the whole step, so the timing includes the GPU work.
 *
 * <p>The network is built on the CPU (as ionas builds every module) and moved with
 * {@code Module.to(Device)}; {@code NetworkOnDeviceTest} checks that this step keeps every array on
 * the device (on a simulated one) and computes what the CPU computes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class GpuTrainingStepBenchmark {
    /** The spec's Inception-like cell (test vector 1.4a), the one the CPU's TrainingStepBenchmark trains. */
    static final CellSpec CELL = TrainingStepBenchmark.CELL;
    static final int STEM = 128, BATCH = 128;

    private Network network;
    private SGD optimizer;
    private Tensor images;
    private NDArray labels;

    @Setup
    public void setUp() {
        Gpu.require();
        Init.manualSeed(42);
        Generator data = new Generator(7);
        network = new Network(CELL, STEM, 3, 3, 10);
        network.to(Gpu.DEVICE);
        optimizer = new SGD(network.parameters(), 0.01, 0.9, 0);
        images = Tensor.of(NDArray.randn(data, BATCH, 3, 32, 32).to(Gpu.DEVICE));
        float[] r = NDArray.rand(data, BATCH).toFloatArray();
        for (int i = 0; i < r.length; i++) r[i] = (float) Math.floor(r[i] * 10);
        labels = NDArray.of(r, BATCH).to(Gpu.DEVICE);
    }

    @Benchmark
    public double gpuNb101Step() {
        // as the training loops run a step: its memory goes back to the cache when it ends, so
        // from the third step on every block comes from the cache and the driver is not asked
        try (MemoryScope step = MemoryScope.open()) {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(network.forward(images), labels, Reduction.MEAN);
            loss.backward();
            optimizer.step();
            return loss.item(); // a device-to-host copy: waits for the step's kernels
        }
    }
}
