package ionas.kernels.cpu;

import ionas.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over contiguous data seen as (n, c, l): per channel c the statistics run over
 * the n*l values {@code x[i][c][j]} (l = H*W for images, 1 for feature vectors).
 *
 * <p>Three kernels make the whole op, so that a forward pass reads x twice and writes y once, and a
 * backward pass reads twice and writes once, instead of the dozen passes of the composed version:
 * <ul>
 *   <li>{@code stats}: mean and biased variance, in two passes (mean first, then the squared
 *       deviations), which keeps the variance accurate when the mean is large;
 *   <li>{@code affine}: y = x * scale[c] + shift[c], where the caller folds mean, 1/sqrt(var+eps),
 *       weight and bias into scale and shift; with {@code relu}, y = relu(that) in the same pass;
 *   <li>{@code backward}: with xhat = (x - mean) * invstd, M = n*l and the sums over a channel
 *       dbeta = sum(g), dgamma = sum(g * xhat): in training
 *       dx = gamma * invstd / M * (M g - dbeta - xhat dgamma); in evaluation the statistics are
 *       constants and dx = g * gamma * invstd. When a ReLU followed (its output {@code reluOut}
 *       given), g is first masked as the ReLU's backward masks it, g * (reluOut > 0 ? 1 : 0), on
 *       the fly in both passes: the masked gradient is never stored.
 * </ul>
 * The fused ReLU gives the bits of the separate ops (UnaryOp.RELU after the affine; the mask
 * multiplied in before the sums), so fusing changes no number. Each kernel works on whole
 * channels, in parallel over channels. The double versions are the plain reference loops.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    private static final VectorSpecies<Float> S = VectorSupport.FLOAT;

    // ---------------------------------------------------------------- float

    public static void stats(float[] x, int n, int c, int l, float[] mean, float[] var) {
        Parallel.forRange(c, (long) n * c * l * 2, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += sum(x, (i * c + ch) * l, l);
                float m = (float) (sum / ((long) n * l));
                double sq = 0;
                for (int i = 0; i < n; i++) sq += squaredDeviations(x, (i * c + ch) * l, l, m);
                mean[ch] = m;
                var[ch] = (float) (sq / ((long) n * l));
            }
        });
    }

    public static void affine(float[] x, int n, int c, int l, float[] scale, float[] shift, boolean relu, float[] y) {
        Parallel.forRange(n * c, (long) n * c * l, (from, to) -> {
            for (int row = from; row < to; row++) {
                int ch = row % c, off = row * l;
                float a = scale[ch], b = shift[ch];
                int j = 0;
                if (VectorSupport.ENABLED) {
                    FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
                    for (int bound = S.loopBound(l); j < bound; j += S.length()) {
                        FloatVector v = FloatVector.fromArray(S, x, off + j).fma(va, vb);
                        (relu ? ElementwiseKernels.relu(v) : v).intoArray(y, off + j);
                    }
                }
                // one rounding, as the vector lanes and the CUDA kernel: an element's bits must not
                // depend on whether it falls in a lane or in the tail
                for (; j < l; j++) {
                    float v = Math.fma(x[off + j], a, b);
                    y[off + j] = relu ? relu(v) : v;
                }
            }
        });
    }

    /** {@code reluOut}: the fused ReLU's output, whose positive entries pass g; null for batch norm alone. */
    public static void backward(float[] g, float[] reluOut, float[] x, int n, int c, int l, float[] mean, float[] invstd,
                                float[] gamma, boolean training, float[] dx, float[] dgamma, float[] dbeta) {
        Parallel.forRange(c, (long) n * c * l * 3, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], is = invstd[ch];
                // pass 1: dbeta = sum g, dgamma = sum g * (x - mean) * invstd
                double sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * l;
                    sg += sum(g, reluOut, off, l);
                    sgx += dotCentred(g, reluOut, x, off, l, m);
                }
                dbeta[ch] = (float) sg;
                dgamma[ch] = (float) (sgx * is);
                // pass 2: dx
                float k = gamma[ch] * is;
                if (!training) {
                    for (int i = 0; i < n; i++) scaledRow(g, reluOut, (i * c + ch) * l, l, k, dx);
                    continue;
                }
                long count = (long) n * l;
                // dx = k * (g - dbeta/M - (x - mean) * invstd^2 * dgamma_raw / M), dgamma_raw = sgx
                float meanG = (float) (sg / count);
                float slope = (float) (sgx * is * is / count);
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * l;
                    int j = 0;
                    if (VectorSupport.ENABLED) {
                        FloatVector vk = FloatVector.broadcast(S, k), vm = FloatVector.broadcast(S, m);
                        FloatVector vmg = FloatVector.broadcast(S, meanG), vs = FloatVector.broadcast(S, slope);
                        for (int bound = S.loopBound(l); j < bound; j += S.length()) {
                            FloatVector xc = FloatVector.fromArray(S, x, off + j).sub(vm);
                            maskedLanes(g, reluOut, off + j).sub(vmg).sub(xc.mul(vs)).mul(vk).intoArray(dx, off + j);
                        }
                    }
                    for (; j < l; j++) dx[off + j] = k * (maskedAt(g, reluOut, off + j) - meanG - (x[off + j] - m) * slope);
                }
            }
        });
    }

    /**
     * The forward pass's per-channel values from the statistics, each step one float rounding, in
     * the order of the composed NDArray ops {@code var.add(eps).sqrt().reciprocal()},
     * {@code gamma.mul(invstd)}, {@code beta.sub(mean.mul(scale))} (whose float32 loops give the
     * same bits, vector lanes or tail): invstd = 1 / sqrt(var + eps), scale = gamma * invstd,
     * shift = beta - mean * scale. {@code eps} is the float the composed path adds ((float) eps).
     */
    public static void params(float[] mean, float[] var, float[] gamma, float[] beta, float eps, int c,
                              float[] invstd, float[] scale, float[] shift) {
        for (int ch = 0; ch < c; ch++) {
            float v = var[ch] + eps;
            float is = 1f / (float) Math.sqrt(v); // a float's square root rounds the same through double
            float sc = gamma[ch] * is;
            invstd[ch] = is;
            scale[ch] = sc;
            shift[ch] = beta[ch] - mean[ch] * sc;
        }
    }

    /**
     * The running statistics' update in place, op by op as the composed NDArray update in float:
     * unbiased = biasedVar * unbias, runningMean = runningMean * keep + mean * momentum,
     * runningVar = runningVar * keep + unbiased * momentum, batchesTracked[0] += 1, where
     * unbias = (float) (n / (n - 1)), keep = (float) (1 - momentum) and momentum are the floats the
     * composed path multiplies by. Arrays are read from their offsets ({@code *Off}).
     */
    public static void updateRunning(float[] runningMean, int rmOff, float[] runningVar, int rvOff, float[] batchesTracked, int btOff,
                                     float[] mean, int mOff, float[] biasedVar, int vOff, int c, float unbias, float keep, float momentum) {
        for (int ch = 0; ch < c; ch++) {
            float unbiased = biasedVar[vOff + ch] * unbias;
            runningMean[rmOff + ch] = runningMean[rmOff + ch] * keep + mean[mOff + ch] * momentum;
            runningVar[rvOff + ch] = runningVar[rvOff + ch] * keep + unbiased * momentum;
        }
        batchesTracked[btOff] = batchesTracked[btOff] + 1f;
    }

    /** ReLU's definition on one float ({@link UnaryOp#RELU}: NaN stays NaN, -0 becomes +0), as the vector lanes' {@link ElementwiseKernels#relu}. */
    private static float relu(float v) {
        return (float) UnaryOp.RELU.apply(v);
    }

    /**
     * g[at], masked as the separate ReLU's backward masks it when {@code reluOut} is given:
     * g * (reluOut > 0 ? 1 : 0), a product (not a select) so that a negative, infinite or NaN g
     * gives the product's -0 or NaN, as the separate ops did.
     */
    private static float maskedAt(float[] g, float[] reluOut, int at) {
        return reluOut == null ? g[at] : g[at] * (reluOut[at] > 0 ? 1f : 0f);
    }

    /** The lanes of g from {@code at}, masked as {@link #maskedAt} masks one. */
    private static FloatVector maskedLanes(float[] g, float[] reluOut, int at) {
        FloatVector v = FloatVector.fromArray(S, g, at);
        if (reluOut == null) return v;
        FloatVector passes = FloatVector.zero(S).blend(1f, FloatVector.fromArray(S, reluOut, at).compare(VectorOperators.GT, 0f));
        return v.mul(passes);
    }

    private static double sum(float[] x, int off, int len) {
        return sum(x, null, off, len);
    }

    /** The sum of a row of g, masked by {@code reluOut} when given. */
    private static double sum(float[] g, float[] reluOut, int off, int len) {
        int j = 0;
        double s = 0;
        if (VectorSupport.ENABLED && len >= S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(len); j < bound; j += S.length()) acc = acc.add(maskedLanes(g, reluOut, off + j));
            s = VectorSupport.sumLanes(acc);
        }
        for (; j < len; j++) s += maskedAt(g, reluOut, off + j);
        return s;
    }

    private static double squaredDeviations(float[] x, int off, int len, float m) {
        int j = 0;
        double s = 0;
        if (VectorSupport.ENABLED && len >= S.length()) {
            FloatVector acc = FloatVector.zero(S), vm = FloatVector.broadcast(S, m);
            for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, off + j).sub(vm);
                acc = d.fma(d, acc);
            }
            s = VectorSupport.sumLanes(acc);
        }
        for (; j < len; j++) {
            float d = x[off + j] - m;
            s += d * d;
        }
        return s;
    }

    /** sum over the row of g * (x - m), g masked by {@code reluOut} when given. */
    private static double dotCentred(float[] g, float[] reluOut, float[] x, int off, int len, float m) {
        int j = 0;
        double s = 0;
        if (VectorSupport.ENABLED && len >= S.length()) {
            FloatVector acc = FloatVector.zero(S), vm = FloatVector.broadcast(S, m);
            for (int bound = S.loopBound(len); j < bound; j += S.length()) {
                acc = FloatVector.fromArray(S, x, off + j).sub(vm).fma(maskedLanes(g, reluOut, off + j), acc);
            }
            s = VectorSupport.sumLanes(acc);
        }
        for (; j < len; j++) s += maskedAt(g, reluOut, off + j) * (x[off + j] - m);
        return s;
    }

    /** dx = g * k + 0 over a row (the + 0 turns -0 into +0, as the CUDA kernel), g masked by {@code reluOut} when given. */
    private static void scaledRow(float[] g, float[] reluOut, int off, int len, float k, float[] dx) {
        for (int j = 0; j < len; j++) dx[off + j] = maskedAt(g, reluOut, off + j) * k + 0f;
    }

    // ---------------------------------------------------------------- double: the reference

    public static void stats(double[] x, int n, int c, int l, double[] mean, double[] var) {
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) sum += x[(i * c + ch) * l + j];
            double m = sum / ((long) n * l), sq = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) sq += Math.pow(x[(i * c + ch) * l + j] - m, 2);
            mean[ch] = m;
            var[ch] = sq / ((long) n * l);
        }
    }

    public static void affine(double[] x, int n, int c, int l, double[] scale, double[] shift, boolean relu, double[] y) {
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int j = 0; j < l; j++) {
                    int k = (i * c + ch) * l + j;
                    double v = x[k] * scale[ch] + shift[ch];
                    y[k] = relu ? UnaryOp.RELU.apply(v) : v;
                }
    }

    /** {@link #params(float[], float[], float[], float[], float, int, float[], float[], float[])} in double. */
    public static void params(double[] mean, double[] var, double[] gamma, double[] beta, double eps, int c,
                              double[] invstd, double[] scale, double[] shift) {
        for (int ch = 0; ch < c; ch++) {
            double is = 1 / Math.sqrt(var[ch] + eps), sc = gamma[ch] * is;
            invstd[ch] = is;
            scale[ch] = sc;
            shift[ch] = beta[ch] - mean[ch] * sc;
        }
    }

    /** The float kernel's math; {@code reluOut} masks g as there. */
    public static void backward(double[] g, double[] reluOut, double[] x, int n, int c, int l, double[] mean, double[] invstd,
                                double[] gamma, boolean training, double[] dx, double[] dgamma, double[] dbeta) {
        long count = (long) n * l;
        double[] gm = g;
        if (reluOut != null) {
            gm = new double[g.length];
            for (int k = 0; k < g.length; k++) gm[k] = g[k] * (reluOut[k] > 0 ? 1 : 0);
        }
        for (int ch = 0; ch < c; ch++) {
            double sg = 0, sgxhat = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < l; j++) {
                    int k = (i * c + ch) * l + j;
                    sg += gm[k];
                    sgxhat += gm[k] * (x[k] - mean[ch]) * invstd[ch];
                }
            dbeta[ch] = sg;
            dgamma[ch] = sgxhat;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < l; j++) {
                    int k = (i * c + ch) * l + j;
                    double xhat = (x[k] - mean[ch]) * invstd[ch];
                    dx[k] = training
                            ? gamma[ch] * invstd[ch] / count * (count * gm[k] - sg - xhat * sgxhat)
                            : gm[k] * gamma[ch] * invstd[ch];
                }
        }
    }
}
