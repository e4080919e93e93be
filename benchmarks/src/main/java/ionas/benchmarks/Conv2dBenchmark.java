package ionas.benchmarks;

import ionas.kernels.cpu.Conv2dKernels;
import ionas.kernels.geometry.ConvGeometry;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One conv2d layer in training: batch 32, 64 -> 64 channels, 32 x 32, 3 x 3 kernel, stride 1,
 * padding 1, no bias. One operation = forward + gradient w.r.t. the input + gradient w.r.t. the
 * weight, the work of {@code conv2d} forward and {@code backward} in PyTorch.
 *
 * <p>Score: operations per second; one operation is {@link #flops()} floating-point operations
 * (three passes of 2 * N * Cout * Hout * Wout * Cin * Kh * Kw each).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Conv2dBenchmark {
    /** The shape benchmarked; keep it in step with benchmarks/pytorch/cpu_bench.py. */
    static final ConvGeometry GEOMETRY = new ConvGeometry(32, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1);

    private float[] x, w, y, gy, gx, gw;

    /** Floating-point operations in one forward + backward-input + backward-weight. */
    public static double flops() {
        ConvGeometry g = GEOMETRY;
        double onePass = 2.0 * g.batch() * g.outChannels() * g.outHeight() * g.outWidth()
                * g.inChannels() * g.kernelH() * g.kernelW();
        return 3 * onePass;
    }

    @Setup
    public void setUp() {
        ConvGeometry g = GEOMETRY;
        x = BenchData.uniform(g.inputSize(), 1);
        w = BenchData.uniform(g.weightSize(), 2);
        gy = BenchData.uniform(g.outputSize(), 3);
        y = new float[g.outputSize()];
        gx = new float[g.inputSize()];
        gw = new float[g.weightSize()];
    }

    @Benchmark
    public void conv2d(Blackhole bh) {
        Conv2dKernels.forward(GEOMETRY, x, w, y);
        Conv2dKernels.backwardInput(GEOMETRY, gy, w, gx);
        Conv2dKernels.backwardWeight(GEOMETRY, x, gy, gw);
        bh.consume(y);
        bh.consume(gx);
        bh.consume(gw);
    }
}
