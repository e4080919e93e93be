package ionas.tensor.cuda;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.cuda.CudaDevice;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.Backend;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.NDArray;
import ionas.tensor.Storage;
import ionas.tensor.cuda.driver.CudaDeviceInfo;
import ionas.tensor.cuda.driver.DeviceDriver;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The CUDA backend: float32 tensors in device memory, every op one or a few launches of the
 * project's own PTX kernels ({@code kernels/src/main/cuda}) on the device's one stream, through
 * the JCuda driver API. The ops themselves live in {@link CudaElementwise},
 * {@link CudaReductions}, {@link CudaLinearAlgebra}, {@link CudaNormalization},
 * {@link CudaPooling}, {@link CudaIndexing}, {@link CudaRandom} and {@link CudaOptimizers}; this class is the
 * {@link Backend} face and the memory methods.
 *
 * <p><b>float32 only.</b> float64 exists for the CPU's gradient checks; any float64 input,
 * {@code fromArray(double[])}, {@code allocate(FLOAT64, n)} and {@code cast(x, FLOAT64)} throw
 * {@link UnsupportedOperationException} naming the op. To get float64 from a GPU tensor, go
 * through the CPU: {@code x.to(Device.CPU).to(DType.FLOAT64)}.
 *
 * <p><b>Asynchrony.</b> Ops queue kernels and return; only reading values back
 * ({@link #toFloatArray}) and {@link CudaContext#synchronize()} wait for the stream. A bad index
 * in gather, scatter-add or max-pool backward is reported by the kernel in the context's
 * {@link IndexCheck} flag and throws at that next synchronisation, naming the op. Outputs are fresh contiguous {@link CudaStorage} from the context's caching
 * allocator.
 *
 * <p><b>TF32.</b> {@link #allowTf32()} (default false) switches matmul and the three convolution
 * passes to the tensor-core TF32 kernels, like PyTorch's
 * {@code torch.backends.cuda.matmul.allow_tf32}: about 8x the FP32 throughput, at a relative
 * error of about 1e-3 per product. Off by default so results match the CPU to FP32 rounding.
 */
public final class CudaBackend implements Backend, FusedOptimizers {
    private static final ConcurrentMap<Integer, CudaBackend> BACKENDS = new ConcurrentHashMap<>();
    private static volatile boolean allowTf32 = false;

    private final CudaContext context;
    private final CudaDeviceInfo info;
    private final CudaElementwise elementwise;
    private final CudaReductions reductions;
    private final CudaLinearAlgebra linearAlgebra;
    private final CudaNormalization normalization;
    private final CudaPooling pooling;
    private final CudaOptimizers optimizers;
    private final CudaIndexing indexing;
    private final CudaRandom random;

    /** The backend over {@code context}: the GPU's in {@link #forDevice}, the tests' CPU emulator otherwise. */
    CudaBackend(CudaContext context) {
        this.context = context;
        this.info = context.driver().info();
        CudaLaunch launch = context.launcher();
        elementwise = new CudaElementwise(launch);
        indexing = new CudaIndexing(launch, elementwise);
        reductions = new CudaReductions(launch, elementwise, indexing);
        linearAlgebra = new CudaLinearAlgebra(launch, elementwise, info.multiprocessors());
        normalization = new CudaNormalization(launch, elementwise);
        pooling = new CudaPooling(launch, elementwise, indexing);
        optimizers = new CudaOptimizers(launch);
        random = new CudaRandom(launch);
    }

    /**
     * A {@code cuda:0} backend over {@code driver} instead of the GPU's: the real backend (allocator,
     * launch geometry, argument packing) with the driver deciding what runs, such as a
     * {@link ionas.tensor.cuda.driver.RecordingDeviceDriver} that counts and runs nothing. Install it
     * with {@code Backends.registerCuda(backend)} so that {@code Device.cuda(0)} arrays use it; each
     * call makes a new backend, so keep the one you installed.
     */
    public static CudaBackend over(DeviceDriver driver) {
        return new CudaBackend(new CudaContext(Device.cuda(0), driver));
    }

    /**
     * The backend of GPU {@code index}, created on first use (context, stream, allocator).
     *
     * @throws UnsupportedOperationException when CUDA is not usable here, with
     *         {@link CudaDevice#probe()}'s reason (no driver, no GPU, too old, no PTX in this build)
     */
    public static CudaBackend forDevice(int index) {
        CudaBackend b = BACKENDS.get(index);
        if (b != null) return b;
        CudaDevice.Availability probe = CudaDevice.probe();
        if (!probe.available())
            throw new UnsupportedOperationException("device cuda:" + index + " is not available: " + probe.reason());
        try {
            return BACKENDS.computeIfAbsent(index, i -> new CudaBackend(CudaContext.get(i)));
        } catch (IllegalStateException e) { // e.g. no device of that ordinal
            throw new UnsupportedOperationException("device cuda:" + index + " is not available: " + e.getMessage(), e);
        }
    }

    /** Whether matmul and convolutions may use TF32 tensor cores (default false: exact FP32). */
    public static boolean allowTf32() {
        return allowTf32;
    }

    /** Sets {@link #allowTf32()} for every CUDA device; takes effect from the next op. */
    public static void setAllowTf32(boolean allow) {
        allowTf32 = allow;
    }

    /** The context this backend queues its work on. */
    public CudaContext context() {
        return context;
    }

    @Override
    public Device device() {
        return context.device();
    }

    @Override
    public String describe() {
        CachingAllocator.Stats s = context.allocator().stats();
        return device() + ": " + info.name() + " (compute " + info.computeMajor() + "." + info.computeMinor() + ", "
                + info.multiprocessors() + " SMs, " + ByteSizes.format(info.memoryBytes()) + "), float32 PTX kernels, matmul/conv "
                + (allowTf32 ? "TF32 tensor cores" : "exact FP32") + "; allocator: " + ByteSizes.format(s.inUse()) + " in use, "
                + ByteSizes.format(s.cached()) + " cached, peak " + ByteSizes.format(s.peakInUse()) + ", "
                + s.driverAllocations() + " driver allocations, " + s.cacheHits() + " cache hits";
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Storage allocate(DType dtype, int size) {
        if (dtype == DType.FLOAT64) throw CudaArrays.float64("allocate");
        return CudaStorage.zeroed(context, size); // the contract is zero-filled
    }

    @Override
    public Storage allocateUninitialized(DType dtype, int size) {
        if (dtype == DType.FLOAT64) throw CudaArrays.float64("allocate");
        return CudaStorage.allocate(context, size);
    }

    @Override
    public Storage fromArray(float[] values) {
        return CudaStorage.of(context, values);
    }

    @Override
    public Storage fromArray(double[] values) {
        throw CudaArrays.float64("fromArray(double[])");
    }

    @Override
    public float[] toFloatArray(NDArray x) {
        NDArray d = elementwise.dense(x);
        float[] out = new float[d.numel()];
        if (out.length > 0) context.driver().download(CudaArrays.address("toFloatArray", d), out);
        return out;
    }

    @Override
    public double[] toDoubleArray(NDArray x) {
        float[] v = toFloatArray(x);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    @Override
    public void copyInto(NDArray dst, NDArray src) {
        elementwise.copyInto(dst, src);
    }

    @Override
    public void fill(NDArray out, double value) {
        elementwise.fill(out, (float) value);
    }

    /** float32 to float32 is a copy; float64 throws (see the class comment: go through the CPU). */
    @Override
    public NDArray cast(NDArray x, DType dtype) {
        if (dtype == DType.FLOAT64)
            throw new UnsupportedOperationException("the CUDA backend is float32-only: cast to float64 must go through the CPU: "
                    + "x.to(Device.CPU).to(DType.FLOAT64)");
        CudaArrays.address("cast", x);
        return elementwise.copy(x);
    }

    // ---------------------------------------------------------------- elementwise

    @Override public NDArray unary(UnaryOp op, NDArray x) { return elementwise.unary(op, x); }
    @Override public NDArray binary(BinaryOp op, NDArray a, NDArray b) { return elementwise.binary(op, a, b); }

    /**
     * One kernel with {@code (float) s} as its argument: the same bits as the default's filled,
     * broadcast scalar, including its zero: {@link NDArray#full} leaves a zeroed array as it is for
     * any {@code s == 0}, so -0.0 arrives as +0.0 there, and here too.
     */
    @Override
    public NDArray binaryScalar(BinaryOp op, NDArray a, double s, boolean scalarFirst) {
        return elementwise.binaryScalar(op, a, Backend.scalarOperand(s), scalarFirst);
    }

    @Override public NDArray where(NDArray cond, NDArray a, NDArray b) { return elementwise.where(cond, a, b); }
    @Override public void random(NDArray out, long seed, long offset, boolean normal) { random.random(out, seed, offset, normal); }

    // ---------------------------------------------------------------- reductions

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int outer, int reduced, int inner) {
        return reductions.reduce(op, x, outer, reduced, inner);
    }

    @Override public NDArray argmax(NDArray x, int rows, int n) { return reductions.argmax(x, rows, n); }
    @Override public NDArray softmax(NDArray x, int rows, int n, boolean log) { return reductions.softmax(x, rows, n, log); }

    // ---------------------------------------------------------------- linear algebra

    @Override public NDArray matmul(NDArray a, NDArray b) { return linearAlgebra.matmul(a, b, allowTf32); }

    // ---------------------------------------------------------------- indexing

    @Override
    public NDArray gather(NDArray x, int outer, int xDim, int inner, NDArray index, int iDim) {
        return indexing.gather(x, outer, xDim, inner, index, iDim);
    }

    @Override
    public NDArray scatterAdd(NDArray src, int outer, int iDim, int inner, NDArray index, int outDim) {
        return indexing.scatterAdd(src, outer, iDim, inner, index, outDim);
    }

    // ---------------------------------------------------------------- batch normalisation

    @Override
    public NDArray[] channelStats(NDArray x, int n, int c, int l) {
        return normalization.channelStats(x, n, c, l);
    }

    @Override
    public NDArray channelAffine(NDArray x, int n, int c, int l, NDArray scale, NDArray shift, boolean relu) {
        return normalization.channelAffine(x, n, c, l, scale, shift, relu);
    }

    /** One launch (bn_params_f32) with the composed ops' bits; eps as {@link #binaryScalar} converts it. */
    @Override
    public NDArray[] batchNormParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        return normalization.params(mean, var, gamma, beta, Backend.scalarOperand(eps));
    }

    /** One launch (bn_stats_params_f32): the statistics of {@link #channelStats}, then {@link #batchNormParams}'s bits. */
    @Override
    public NDArray[] channelStatsAndParams(NDArray x, int n, int c, int l, NDArray gamma, NDArray beta, double eps) {
        return normalization.channelStatsAndParams(x, n, c, l, gamma, beta, Backend.scalarOperand(eps));
    }

    /**
     * One launch (bn_update_running_f32) where the running arrays are contiguous float32 on this
     * device, its scalars converted as {@link #binaryScalar} converts them; else the composed default.
     */
    @Override
    public void batchNormUpdateRunning(NDArray runningMean, NDArray runningVar, NDArray batchesTracked, NDArray mean,
                                       NDArray biasedVar, double momentum, int n) {
        if (!normalization.updateRunning(runningMean, runningVar, batchesTracked, mean, biasedVar,
                Backend.scalarOperand(n / (double) Math.max(n - 1, 1)), Backend.scalarOperand(1 - momentum),
                Backend.scalarOperand(momentum))) {
            Backend.super.batchNormUpdateRunning(runningMean, runningVar, batchesTracked, mean, biasedVar, momentum, n);
        }
    }

    @Override
    public NDArray[] batchNormBackward(NDArray g, NDArray reluOut, NDArray x, int n, int c, int l, NDArray mean, NDArray invstd,
                                       NDArray gamma, boolean training) {
        return normalization.batchNormBackward(g, reluOut, x, n, c, l, mean, invstd, gamma, training);
    }

    // ---------------------------------------------------------------- convolution and pooling

    @Override public NDArray conv2d(NDArray x, NDArray w, ConvGeometry g) { return linearAlgebra.conv2d(x, w, g, allowTf32); }

    @Override
    public NDArray conv2dBackwardInput(NDArray gy, NDArray w, ConvGeometry g) {
        return linearAlgebra.conv2dBackwardInput(gy, w, g, allowTf32);
    }

    @Override
    public NDArray conv2dBackwardWeight(NDArray x, NDArray gy, ConvGeometry g) {
        return linearAlgebra.conv2dBackwardWeight(x, gy, g, allowTf32);
    }

    @Override public NDArray[] maxPool2d(NDArray x, PoolGeometry g) { return pooling.maxPool2d(x, g); }

    @Override
    public NDArray maxPool2dBackward(NDArray gy, NDArray argmax, PoolGeometry g) {
        return pooling.maxPool2dBackward(gy, argmax, g);
    }

    @Override public NDArray avgPool2d(NDArray x, PoolGeometry g) { return pooling.avgPool2d(x, g); }
    @Override public NDArray avgPool2dBackward(NDArray gy, PoolGeometry g) { return pooling.avgPool2dBackward(gy, g); }

    @Override
    public String toString() {
        return "CudaBackend[" + device() + "]";
    }

    @Override
    public void sgdStep(NDArray w, NDArray grad, NDArray velocity, float lr, float momentum, float weightDecay, boolean first) {
        optimizers.sgd(w, grad, velocity, lr, momentum, weightDecay, first);
    }

    @Override
    public void adamStep(NDArray w, NDArray grad, NDArray m, NDArray v, float b1, float oneMinusB1, float b2, float oneMinusB2, float eps,
                         float weightDecay, float c2, float stepSize) {
        optimizers.adam(w, grad, m, v, b1, oneMinusB1, b2, oneMinusB2, eps, weightDecay, c2, stepSize);
    }

    @Override
    public void sgdSteps(List<NDArray> w, List<NDArray> grad, List<NDArray> velocity, boolean[] first, float lr, float momentum,
                         float weightDecay) {
        optimizers.sgdMulti(w, grad, velocity, first, lr, momentum, weightDecay);
    }

    @Override
    public void adamSteps(List<NDArray> w, List<NDArray> grad, List<NDArray> m, List<NDArray> v, float b1, float oneMinusB1, float b2,
                          float oneMinusB2, float eps, float weightDecay, float[] c2, float[] stepSize) {
        optimizers.adamMulti(w, grad, m, v, b1, oneMinusB1, b2, oneMinusB2, eps, weightDecay, c2, stepSize);
    }

    /** On the device with nothing read back when every gradient is a float32 array here; else the composition. */
    @Override
    public NDArray[] clipGradNorm(List<NDArray> grads, double maxNorm) {
        for (NDArray g : grads)
            if (g.dtype() != DType.FLOAT32 || !(g.storage() instanceof CudaStorage) || !g.device().equals(device()))
                return FusedOptimizers.super.clipGradNorm(grads, maxNorm);
        return optimizers.clipGradNorm(grads, maxNorm);
    }

    /** The number of multi-tensor update tables kept on the device (for tests). */
    int optimizerTables() {
        return optimizers.tableCount();
    }
}
