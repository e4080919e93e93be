package ionas.benchmarks;

import ionas.kernels.cpu.OptimizerKernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused optimiser update of {@code n} parameters in place, on the calling thread: {@code sgd}
 * with momentum 0.9 (the benchmark steps' optimiser), {@code adam} with the paper's betas (the
 * one arch2vec and the extended model train with). An internal comparison (no PyTorch case);
 * {@code -jvmArgsPrepend -Dionas.vector.bits=0} runs the scalar loops the vector lanes replaced.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OptimizerBenchmark {
    @Param({"200000"})
    public int n;

    private float[] w, grad, m, v;

    @Setup
    public void setUp() {
        w = BenchData.uniform(n, 1);
        grad = BenchData.uniform(n, 2);
        m = new float[n];
        v = new float[n];
    }

    @Benchmark
    public float[] sgd() {
        OptimizerKernels.sgd(w, 0, grad, 0, v, 0, n, 0.01f, 0.9f, 0f, false);
        return w;
    }

    @Benchmark
    public float[] adam() {
        OptimizerKernels.adam(w, 0, grad, 0, m, 0, v, 0, n, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 0f, 0.5f, 0.001f);
        return w;
    }
}
