package ionas.benchmarks;

import ionas.autograd.Autograd;
import ionas.autograd.BackwardMode;
import ionas.autograd.Tensor;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.util.List;
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
 * One training-mode batch norm + ReLU of a conv-bn-relu layer, forward and backward (gradients of
 * x, gamma and beta), batch 32, 32 channels, 32 x 32: {@code separate} is batch norm then
 * {@code relu()}, two ops; {@code fused} is {@code batchNormRelu}, one op with the same bits.
 * An internal comparison (no PyTorch case): what issue 15's fusion saves per layer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchNormReluBenchmark {
    private static final int[] SHAPE = {32, 32, 32, 32};

    private Tensor x, gamma, beta, gradOut;

    @Setup
    public void setUp() {
        int n = SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3], c = SHAPE[1];
        x = Tensor.of(NDArray.of(BenchData.uniform(n, 1), SHAPE)).requiresGrad(true);
        gamma = Tensor.of(NDArray.of(BenchData.uniform(c, 2), c)).requiresGrad(true);
        beta = Tensor.of(NDArray.of(BenchData.uniform(c, 3), c)).requiresGrad(true);
        gradOut = Tensor.of(NDArray.of(BenchData.uniform(n, 4), SHAPE));
    }

    @Benchmark
    public float separate() {
        return step(false);
    }

    @Benchmark
    public float fused() {
        return step(true);
    }

    private float step(boolean fused) {
        try (MemoryScope step = MemoryScope.open()) {
            Tensor y = fused ? x.batchNormRelu(gamma, beta, 1e-5).output() : x.batchNorm(gamma, beta, 1e-5).output().relu();
            List<Tensor> d = Autograd.grad(List.of(y), List.of(gradOut), List.of(x, gamma, beta), BackwardMode.FREE_GRAPH);
            return d.get(1).data().toFloatArray()[0];
        }
    }
}
