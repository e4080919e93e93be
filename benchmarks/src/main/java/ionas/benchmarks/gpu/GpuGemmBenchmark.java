package ionas.benchmarks.gpu;

import ionas.tensor.cuda.CudaBackend;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square float32 GEMM on the GPU, 4096 x 4096 x 4096, through {@code NDArray.matmul}: the work of
 * {@code torch.mm} on CUDA ({@code benchmarks/pytorch/gpu_bench.py}, case {@code gpuGemm_fp32}).
 * {@code precision = fp32} is the exact kernel, {@code tf32} the tensor-core one (as PyTorch's
 * {@code allow_tf32}).
 *
 * <p>One operation = one GEMM plus a stream synchronize (kernels run asynchronously; without it
 * the score would count launches). Score: ops/s; GFLOP/s = score * 2 * 4096^3 / 1e9.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GpuGemmBenchmark {
    static final int N = 4096;

    @Param({"fp32", "tf32"})
    public String precision;

    private NDArray a, b;

    @Setup(Level.Trial)
    public void setUp() {
        Gpu.require();
        CudaBackend.setAllowTf32(precision.equals("tf32"));
        a = NDArray.rand(new Generator(1), N, N).mul(2).sub(1).to(Gpu.DEVICE);
        b = NDArray.rand(new Generator(2), N, N).mul(2).sub(1).to(Gpu.DEVICE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        CudaBackend.setAllowTf32(false);
    }

    @Benchmark
    public int gpuGemm() throws Exception {
        NDArray c = a.matmul(b);
        Gpu.synchronize();
        Gpu.release(c);
        return c.numel();
    }
}
