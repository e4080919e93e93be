package ionas.benchmarks;

import ionas.kernels.cpu.Gemm;
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
 * Square float GEMM, C = A B (beta 0), n x n row-major, the work of {@code torch.mm} on n x n
 * float32 matrices.
 *
 * <p>Score: operations (whole GEMMs) per second; one operation is {@link #flops(int) 2 n^3}
 * floating-point operations, so GFLOP/s = score * 2 n^3 / 1e9. The kernel's own thread pool
 * does the parallel work; set its size with {@code -jvmArgsPrepend -Dionas.threads=N}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBenchmark {
    @Param({"256", "1024", "2048"})
    public int n;

    private float[] a, b, c;

    /** Floating-point operations in one n x n x n GEMM. */
    public static double flops(int n) {
        return 2.0 * n * n * n;
    }

    @Setup
    public void setUp() {
        a = BenchData.uniform(n * n, 1);
        b = BenchData.uniform(n * n, 2);
        c = new float[n * n];
    }

    @Benchmark
    public float[] gemm() {
        Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
