package ionas.benchmarks.gpu;

import ionas.kernels.geometry.ConvGeometry;
import ionas.tensor.Generator;
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
 * One conv2d layer in training on the GPU: batch 128, 128 -> 128 channels, 32 x 32, 3 x 3,
 * stride 1, padding 1, no bias, float32 exact (TF32 off). One operation = forward + gradient
 * w.r.t. the input + gradient w.r.t. the weight + a stream synchronize: the work of
 * {@code gpuConv2d} in {@code benchmarks/pytorch/gpu_bench.py}.
 *
 * <p>FLOPs per operation: 3 passes of 2 * 128 * 128 * 32 * 32 * 128 * 9 = 1.16e11.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GpuConv2dBenchmark {
    static final int BATCH = 128, CHANNELS = 128, SIZE = 32;

    private NDArray x, w, gy;
    private ConvGeometry geometry;

    @Setup
    public void setUp() {
        Gpu.require();
        x = NDArray.rand(new Generator(1), BATCH, CHANNELS, SIZE, SIZE).mul(2).sub(1).to(Gpu.DEVICE);
        w = NDArray.rand(new Generator(2), CHANNELS, CHANNELS, 3, 3).mul(2).sub(1).to(Gpu.DEVICE);
        gy = NDArray.rand(new Generator(3), BATCH, CHANNELS, SIZE, SIZE).mul(2).sub(1).to(Gpu.DEVICE);
        geometry = x.convGeometry(w.shape(), 1, 1);
    }

    @Benchmark
    public int gpuConv2d() throws Exception {
        NDArray y = x.conv2d(w, 1, 1);
        NDArray gx = NDArray.conv2dBackwardInput(gy, w, geometry);
        NDArray gw = NDArray.conv2dBackwardWeight(x, gy, geometry);
        Gpu.synchronize();
        Gpu.release(y, gx, gw);
        return y.numel() + gx.numel() + gw.numel();
    }
}
