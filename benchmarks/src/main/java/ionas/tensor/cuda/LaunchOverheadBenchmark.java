package ionas.tensor.cuda;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java side of one kernel launch, with a driver that runs nothing ({@link RecordingDeviceDriver}:
 * it compares the arguments' sizes with the kernel's PTX and counts, allocating nothing), so that
 * what is timed is ionas's own work per launch: the kernel's handle, writing the arguments, the
 * block check, and for an op the allocator and the output array. On a GPU the JCuda
 * call and the driver add their few microseconds on top. Issue 14's goal: at most 2 us and 0 bytes
 * allocated per launch.
 *
 * <ul>
 *   <li>{@code binaryOp}: {@code a + b} on two contiguous 4,096-float arrays through
 *       {@link CudaBackend#binary}, as every elementwise op of a step: an output from the caching
 *       allocator (a cache hit: the previous output was closed), its NDArray, the
 *       {@code binary_f32} launch with 5 arguments, and closing the output again.
 *   <li>{@code rawLaunch}: {@link CudaLaunch#kernel} of {@code reduce.reduce_rows_f32} with its 6
 *       arguments (2 pointers, 3 ints, a float) written as every op writes them, then launched; no
 *       allocation of device memory.
 * </ul>
 *
 * <p>It lives in the package of {@link CudaLaunch} (split across the tensor and benchmarks jars on
 * the class path) because the raw launch is package-private: the benchmark needs no public API.
 * Bytes allocated per launch come from JMH's GC profiler ({@code gc.alloc.rate.norm}, in B/op):
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar LaunchOverheadBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LaunchOverheadBenchmark {
    private static final int N = 4096;

    private CudaBackend backend;
    private static final Kernel REDUCE_ROWS = new Kernel("reduce", "reduce_rows_f32");

    private CudaLaunch launch;
    private NDArray a, b;
    private long x, y;

    @Setup
    public void setUp() {
        backend = CudaBackend.over(new RecordingDeviceDriver());
        Backends.registerCuda(backend); // so that NDArray.to(cuda:0) makes the operands there
        launch = backend.context().launcher();
        a = NDArray.rand(new Generator(1), N).to(Device.cuda(0));
        b = NDArray.rand(new Generator(2), N).to(Device.cuda(0));
        x = ((CudaStorage) a.storage()).pointer();
        y = ((CudaStorage) b.storage()).pointer();
    }

    @TearDown
    public void tearDown() {
        Backends.registerCuda(null);
    }

    @Benchmark
    public NDArray binaryOp() {
        NDArray out = backend.binary(BinaryOp.ADD, a, b);
        ((CudaStorage) out.storage()).close(); // back to the allocator's cache: the next call is a cache hit
        return out;
    }

    @Benchmark
    public void rawLaunch() {
        launch.kernel(REDUCE_ROWS, 16, CudaLaunch.BLOCK).ptr(y).ptr(x).i32(ReduceOp.SUM.ordinal()).i32(16).i32(N / 16).f32(1f)
                .launch();
    }
}
