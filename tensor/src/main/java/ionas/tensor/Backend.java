package ionas.tensor;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;

/**
 * What a device must implement: memory and the primitive ops. {@link NDArray} does everything
 * else (shape checks, broadcasting, views, composing ops) once for all devices, so a backend only
 * sees inputs whose shapes already agree.
 *
 * <p>Conventions: every op returns a new contiguous array on this backend's device; inputs may be
 * any strided view unless the method says "contiguous"; an index array holds integer values
 * stored as floats.
 */
public interface Backend {
    Device device();

    /** A human-readable line: the device, and which kernels it runs. */
    String describe();

    // ---------------------------------------------------------------- memory

    /** A zero-filled storage of {@code size} elements. */
    Storage allocate(DType dtype, int size);

    /**
     * A storage of {@code size} elements whose contents are unspecified, for an output the caller
     * overwrites in full (a copy, a concatenation): a device skips the zero fill, one launch less.
     */
    default Storage allocateUninitialized(DType dtype, int size) {
        return allocate(dtype, size);
    }

    Storage fromArray(float[] values);

    Storage fromArray(double[] values);

    /** The elements of {@code x} in row-major order, converted to float. */
    float[] toFloatArray(NDArray x);

    double[] toDoubleArray(NDArray x);

    /** Writes {@code src} into the view {@code dst}; the shapes are equal. */
    void copyInto(NDArray dst, NDArray src);

    /** Sets every element of the contiguous {@code out} to {@code value}. */
    void fill(NDArray out, double value);

    NDArray cast(NDArray x, DType dtype);

    // ---------------------------------------------------------------- elementwise

    NDArray unary(UnaryOp op, NDArray x);

    /** {@code a} and {@code b} have the output's shape (broadcast inputs arrive expanded). */
    NDArray binary(BinaryOp op, NDArray a, NDArray b);

    /**
     * {@code a op s}, or {@code s op a} when {@code scalarFirst}: {@link #binary} with a scalar
     * operand of {@code a}'s dtype ({@code (float) s} for float32), the output of {@code a}'s shape.
     * The default is exactly that composition (a filled 0-d array, broadcast); a device backend
     * passes {@code s} to one kernel instead of filling device memory for it, with the same result
     * bit for bit.
     */
    default NDArray binaryScalar(BinaryOp op, NDArray a, double s, boolean scalarFirst) {
        NDArray b = NDArray.full(s, a.dtype(), a.device()).expand(a.shape());
        return scalarFirst ? binary(op, b, a) : binary(op, a, b);
    }

    /**
     * The float32 value that {@link #binaryScalar}'s default gives the scalar operand {@code s}:
     * {@code (float) s}, and +0 for either zero ({@link NDArray#full} leaves a zeroed array as it
     * is). Fused kernels convert their scalars with it to give the composed ops' bits.
     */
    static float scalarOperand(double s) {
        return s == 0 ? 0f : (float) s;
    }

    /** {@code cond != 0 ? a : b}; all three have the output's shape and dtype. */
    NDArray where(NDArray cond, NDArray a, NDArray b);

    /** Fills the contiguous {@code out} with U[0, 1) (or N(0, 1)) from stream position {@code offset}. */
    void random(NDArray out, long seed, long offset, boolean normal);

    // ---------------------------------------------------------------- reductions

    /** Reduces the contiguous {@code x}, seen as (outer, reduced, inner), to (outer, inner). */
    NDArray reduce(ReduceOp op, NDArray x, int outer, int reduced, int inner);

    /** The index of the first maximum of each contiguous row of {@code n} elements. */
    NDArray argmax(NDArray x, int rows, int n);

    /** Softmax or log-softmax of each contiguous row of {@code n} elements. */
    NDArray softmax(NDArray x, int rows, int n, boolean log);

    // ---------------------------------------------------------------- linear algebra

    /** Batched matrix product: (batch, m, k) times (batch, k, n) gives (batch, m, n). */
    NDArray matmul(NDArray a, NDArray b);

    // ---------------------------------------------------------------- indexing

    /**
     * Gather along the middle axis: with {@code x} contiguous (outer, xDim, inner) and {@code index}
     * contiguous (outer, iDim, inner), {@code out[o][j][i] = x[o][index[o][j][i]][i]}. Index-select
     * is the case where each index row repeats.
     */
    NDArray gather(NDArray x, int outer, int xDim, int inner, NDArray index, int iDim);

    /** The adjoint of {@link #gather}: {@code out[o][index[o][j][i]][i] += src[o][j][i]}, out zeroed first. */
    NDArray scatterAdd(NDArray src, int outer, int iDim, int inner, NDArray index, int outDim);

    // ---------------------------------------------------------------- batch normalisation, over contiguous (n, c, l)

    /** Per-channel mean and biased variance: {mean, var}, each (c). */
    NDArray[] channelStats(NDArray x, int n, int c, int l);

    /**
     * y = x * scale[c] + shift[c]; with {@code relu}, max(that, 0) as {@link UnaryOp#RELU} defines it,
     * in the same pass (batch norm and the ReLU after it as one op): the bits of the affine and then
     * {@link #unary} RELU.
     */
    NDArray channelAffine(NDArray x, int n, int c, int l, NDArray scale, NDArray shift, boolean relu);

    /**
     * The forward pass's per-channel values from the statistics: {invstd, scale, shift}, each (c),
     * with invstd = 1 / sqrt(var + eps), scale = gamma * invstd, shift = beta - mean * scale; all five
     * inputs are (c) and of one dtype. The definition is the default, the composed NDArray ops (eps
     * converted as {@link #binaryScalar} converts it): a backend that fuses them gives the same bits
     * (the conformance cases check it on every backend).
     */
    default NDArray[] batchNormParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        NDArray invstd = var.add(eps).sqrt().reciprocal();
        NDArray scale = gamma.mul(invstd);
        return new NDArray[] {invstd, scale, beta.sub(mean.mul(scale))};
    }

    /**
     * {@link #channelStats} and then {@link #batchNormParams} on its results: {mean, var, invstd,
     * scale, shift}, each (c), the same bits as the two calls (the default); a device does both in
     * the statistics' launch.
     */
    default NDArray[] channelStatsAndParams(NDArray x, int n, int c, int l, NDArray gamma, NDArray beta, double eps) {
        NDArray[] stats = channelStats(x, n, c, l);
        NDArray[] p = batchNormParams(stats[0], stats[1], gamma, beta, eps);
        return new NDArray[] {stats[0], stats[1], p[0], p[1], p[2]};
    }

    /**
     * Batch normalisation's running statistics, updated in place from one training batch of
     * {@code n} values per channel ({@code mean} and the biased {@code biasedVar}, each (c)):
     * <pre>
     * unbiased = biasedVar * (n / max(n - 1, 1))
     * runningMean = runningMean * (1 - momentum) + mean * momentum
     * runningVar  = runningVar * (1 - momentum) + unbiased * momentum
     * batchesTracked += 1                               (a 0-d array)
     * </pre>
     * The definition is the default, the composed NDArray ops (each scalar converted as
     * {@link #binaryScalar} converts it, mixed dtypes promoted to float64 as NDArray's binary ops do, the
     * results copied into the running arrays); a backend that fuses them gives the same bits.
     */
    default void batchNormUpdateRunning(NDArray runningMean, NDArray runningVar, NDArray batchesTracked, NDArray mean,
                                        NDArray biasedVar, double momentum, int n) {
        NDArray unbiased = biasedVar.mul(n / (double) Math.max(n - 1, 1));
        runningMean.copy_(runningMean.mul(1 - momentum).add(mean.mul(momentum)));
        runningVar.copy_(runningVar.mul(1 - momentum).add(unbiased.mul(momentum)));
        batchesTracked.copy_(batchesTracked.add(1));
    }

    /**
     * The gradient of batch normalisation given the output gradient {@code g}: {dx, dgamma, dbeta}.
     * In training the statistics depend on x; in evaluation they are constants. With
     * {@code reluOut} (the output of the fused batch norm + ReLU, like x contiguous (n, c, l); null
     * for batch norm alone) g is first masked as ReLU's backward masks it, g * (reluOut > 0), read
     * so in both passes: the bits of that product's array given as g.
     */
    NDArray[] batchNormBackward(NDArray g, NDArray reluOut, NDArray x, int n, int c, int l, NDArray mean, NDArray invstd,
                                NDArray gamma, boolean training);

    // ---------------------------------------------------------------- convolution and pooling (NCHW, contiguous)

    NDArray conv2d(NDArray x, NDArray w, ConvGeometry g);

    NDArray conv2dBackwardInput(NDArray gy, NDArray w, ConvGeometry g);

    NDArray conv2dBackwardWeight(NDArray x, NDArray gy, ConvGeometry g);

    /** Returns {values, argmax}; argmax holds the flat index within each input plane. */
    NDArray[] maxPool2d(NDArray x, PoolGeometry g);

    NDArray maxPool2dBackward(NDArray gy, NDArray argmax, PoolGeometry g);

    NDArray avgPool2d(NDArray x, PoolGeometry g);

    NDArray avgPool2dBackward(NDArray gy, PoolGeometry g);
}
