package ionas.benchmarks.gpu;

import ionas.tensor.MemoryScope;
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
 * 3 stacks of 3 cells, batch 128 of 32 x 32 images, 10 classes ({@link Nb101TrainingStep}, which
 * {@code benchmarks/gpu/step-profile.sh} counts too). The work of {@code gpuNb101Step}
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
    private Nb101TrainingStep step;

    @Setup
    public void setUp() {
        Gpu.require();
        step = new Nb101TrainingStep(Gpu.DEVICE);
    }

    @Benchmark
    public double gpuNb101Step() {
        // as the training loops run a step: its memory goes back to the cache when it ends, so
        // from the third step on every block comes from the cache and the driver is not asked
        try (MemoryScope scope = MemoryScope.open()) {
            return step.run().item(); // a device-to-host copy: waits for the step's kernels
        }
    }
}
