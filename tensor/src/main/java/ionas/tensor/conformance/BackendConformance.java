package ionas.tensor.conformance;

import ionas.kernels.BinaryOp;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The cases of the backend conformance suite: every {@link Backend} operation, reached through the
 * {@link NDArray} API, computed in float32 on the device under test and compared with the same
 * case computed in float64 on the CPU. On the CPU this is a real float32-vs-float64 check, not the
 * CPU against itself.
 *
 * <p>A public utility, like autograd's {@code GradCheck}, so that there is one definition and two
 * runners: {@code BackendConformanceTest} runs the cases under surefire, and
 * {@code ionas.benchmarks.gpu.GpuSelfTest} runs them from the jar on a GPU machine that has no
 * Maven. A new backend passes when every case does.
 *
 * <p>Inputs are drawn in float32 on the CPU from fixed seeds and then converted, so both runs see
 * bit-identical input values; only the arithmetic differs. Comparisons, argmax and where therefore
 * must agree exactly (the inputs avoid near-ties).
 */
public final class BackendConformance {
    private BackendConformance() {}

    /** Where and in which type a case runs; inputs made here land there. */
    public static final class Inputs {
        private final DType dtype;
        private final Device device;

        Inputs(DType dtype, Device device) {
            this.dtype = dtype;
            this.device = device;
        }

        public DType dtype() { return dtype; }
        public Device device() { return device; }

        /** Uniform in [lo, hi), drawn in float32 on the CPU from seed {@code stream}, then moved here. */
        public NDArray uniform(long stream, double lo, double hi, int... shape) {
            return put(NDArray.rand(new Generator(1000 + stream), shape).mul(hi - lo).add(lo));
        }

        /** Whole numbers in [0, bound) as floats (ionas' index convention). */
        public NDArray indices(long stream, int bound, int... shape) {
            float[] v = NDArray.rand(new Generator(2000 + stream), shape).toFloatArray();
            for (int i = 0; i < v.length; i++) v[i] = (float) Math.floor(v[i] * bound);
            return put(NDArray.of(v, shape));
        }

        /** A CPU float32 array converted to this dtype and moved to this device. */
        public NDArray put(NDArray cpuFloat32) {
            return cpuFloat32.to(dtype).to(device);
        }
    }

    /**
     * One case: {@code body} computes some outputs from inputs it makes with {@link Inputs};
     * element pairs must satisfy |got - want| &lt;= atol + rtol * |want|.
     */
    public record Case(String name, double rtol, double atol, Function<Inputs, NDArray[]> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    // Tolerances for float32 against float64: a few ulps for one rounding, more where long sums
    // (reductions, GEMM, convolution) accumulate rounding error.
    private static final double ELEMENTWISE = 2e-6;
    private static final double SUMS = 2e-5;
    private static final double PRODUCTS = 1e-4;

    /** Every case, in a fixed order. */
    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        unary(c);
        binary(c);
        reductions(c);
        linearAlgebra(c);
        indexing(c);
        batchNorm(c);
        convolutionAndPooling(c);
        memory(c);
        optimisers(c);
        return c;
    }

    /**
     * Runs {@code c} in float32 on {@code device} and in float64 on the CPU; returns null when they
     * agree, else what differs (the first bad element, and how many there are).
     */
    public static String check(Case c, Device device) {
        NDArray[] got = c.body().apply(new Inputs(DType.FLOAT32, device));
        NDArray[] want = c.body().apply(new Inputs(DType.FLOAT64, Device.CPU));
        if (got.length != want.length) return got.length + " outputs, expected " + want.length;
        for (int k = 0; k < got.length; k++) {
            String where = got.length == 1 ? "" : "output " + k + ": ";
            if (!got[k].device().equals(device)) return where + "result is on " + got[k].device() + ", not " + device;
            if (got[k].dtype() != DType.FLOAT32) return where + "result is " + got[k].dtype() + ", not float32";
            if (!got[k].sameShape(want[k]))
                return where + "shape " + Shapes.str(got[k].shape()) + ", expected " + Shapes.str(want[k].shape());
            double[] g = got[k].to(Device.CPU).toDoubleArray(), w = want[k].toDoubleArray();
            int bad = 0, first = -1;
            for (int i = 0; i < g.length; i++) {
                boolean ok = Double.isNaN(w[i]) ? Double.isNaN(g[i])
                        : g[i] == w[i] || Math.abs(g[i] - w[i]) <= c.atol() + c.rtol() * Math.abs(w[i]);
                if (!ok && bad++ == 0) first = i;
            }
            if (bad > 0)
                return where + bad + " of " + g.length + " elements differ; first at flat index " + first + ": got "
                        + g[first] + ", expected " + w[first] + " (rtol " + c.rtol() + ", atol " + c.atol() + ")";
        }
        return null;
    }

    private static NDArray[] one(NDArray x) {
        return new NDArray[] {x};
    }

    // ---------------------------------------------------------------- elementwise

    private static void unary(List<Case> c) {
        // Positive inputs for log, sqrt and reciprocal; signed inputs for the rest. The second
        // variant of each runs on a transposed slice, so strides and a storage offset are used.
        record U(String name, double lo, double hi, Function<NDArray, NDArray> f) {}
        List<U> ops = List.of(
                new U("neg", -3, 3, NDArray::neg), new U("exp", -3, 3, NDArray::exp),
                new U("log", 0.1, 5, NDArray::log), new U("sqrt", 0.1, 5, NDArray::sqrt),
                new U("abs", -3, 3, NDArray::abs), new U("relu", -3, 3, NDArray::relu),
                new U("sigmoid", -6, 6, NDArray::sigmoid), new U("tanh", -3, 3, NDArray::tanh),
                new U("reciprocal", 0.5, 4, NDArray::reciprocal), new U("sign", -3, 3, NDArray::sign),
                new U("square", -3, 3, NDArray::square), new U("clamp", -3, 3, x -> x.clamp(-1, 1.5)));
        for (U u : ops) {
            c.add(new Case("unary " + u.name(), ELEMENTWISE, 1e-7, in -> one(u.f().apply(in.uniform(1, u.lo(), u.hi(), 37, 29)))));
            c.add(new Case("unary " + u.name() + " on a strided view", ELEMENTWISE, 1e-7, in ->
                    one(u.f().apply(in.uniform(2, u.lo(), u.hi(), 9, 40).transpose(0, 1).narrow(0, 3, 30)))));
        }
    }

    private static void binary(List<Case> c) {
        record B(String name, double lo, double hi, java.util.function.BinaryOperator<NDArray> f) {}
        List<B> ops = List.of(
                new B("add", -3, 3, NDArray::add), new B("sub", -3, 3, NDArray::sub),
                new B("mul", -3, 3, NDArray::mul), new B("div", 0.5, 3, NDArray::div),
                new B("pow", 0.5, 2, NDArray::pow), new B("maximum", -3, 3, NDArray::maximum),
                new B("minimum", -3, 3, NDArray::minimum), new B("eq", -3, 3, NDArray::eq),
                new B("ne", -3, 3, NDArray::ne), new B("lt", -3, 3, NDArray::lt), new B("le", -3, 3, NDArray::le),
                new B("gt", -3, 3, NDArray::gt), new B("ge", -3, 3, NDArray::ge));
        for (B b : ops) {
            // Same shapes; then broadcasting (3,1,5) with (4,5); then two strided views. For eq/ne/le/ge
            // half of b's elements are copies of a's, so equal pairs occur.
            c.add(new Case("binary " + b.name(), ELEMENTWISE, 1e-7, in -> {
                NDArray x = in.uniform(3, b.lo(), b.hi(), 31, 17), y = in.uniform(4, b.lo(), b.hi(), 31, 17);
                NDArray mask = in.uniform(5, 0, 1, 31, 17).lt(0.5);
                return one(b.f().apply(x, NDArray.where(mask, x, y)));
            }));
            c.add(new Case("binary " + b.name() + " broadcast", ELEMENTWISE, 1e-7, in ->
                    one(b.f().apply(in.uniform(6, b.lo(), b.hi(), 3, 1, 5), in.uniform(7, b.lo(), b.hi(), 4, 5)))));
            c.add(new Case("binary " + b.name() + " on strided views", ELEMENTWISE, 1e-7, in -> one(b.f().apply(
                    in.uniform(8, b.lo(), b.hi(), 20, 12).transpose(0, 1).narrow(1, 2, 15),
                    in.uniform(9, b.lo(), b.hi(), 6, 12, 20).select(0, 4).narrow(1, 5, 15)))));
        }
        c.add(new Case("binary with a scalar", ELEMENTWISE, 1e-7, in -> {
            NDArray x = in.uniform(10, -2, 2, 8, 9);
            return new NDArray[] {x.add(0.5), x.mul(-3), x.div(7), x.sub(1.25), x.gt(0.1)};
        }));
        // Backend.binaryScalar directly: every op, the scalar second and first, contiguous and strided
        for (BinaryOp op : BinaryOp.values()) {
            double lo = op == BinaryOp.POW ? 0.5 : op == BinaryOp.DIV ? 0.5 : -3, hi = op == BinaryOp.POW ? 2 : 3;
            double s = op == BinaryOp.POW ? 1.5 : op.ordinal() >= BinaryOp.EQ.ordinal() ? 0.25 : -1.75;
            c.add(new Case("binaryScalar " + op.name().toLowerCase(), ELEMENTWISE, 1e-7, in -> {
                NDArray x = in.uniform(16, lo, hi, 13, 11);
                NDArray view = in.uniform(17, lo, hi, 20, 12).transpose(0, 1).narrow(1, 2, 15);
                Backend b = Backends.of(x.device());
                return new NDArray[] {b.binaryScalar(op, x, s, false), b.binaryScalar(op, x, s, true),
                        b.binaryScalar(op, view, s, false), b.binaryScalar(op, view, s, true)};
            }));
        }
        c.add(new Case("rsub and clamp with scalars", ELEMENTWISE, 1e-7, in -> {
            NDArray x = in.uniform(18, -2, 2, 8, 9);
            return new NDArray[] {x.rsub(0.75), x.clamp(-0.5, 1.25), x.pow(2), x.le(0.5), x.ge(-0.5)};
        }));
        c.add(new Case("where broadcast", 0, 0, in -> one(NDArray.where(
                in.uniform(11, -1, 1, 5, 1).gt(0), in.uniform(12, -1, 1, 1, 7), in.uniform(13, -1, 1, 5, 7)))));
        c.add(new Case("where on strided views", 0, 0, in -> {
            NDArray a = in.uniform(14, -1, 1, 7, 5).transpose(0, 1);
            return one(NDArray.where(a.gt(0), a, in.uniform(15, -1, 1, 5, 9).narrow(1, 2, 7)));
        }));
    }

    // ---------------------------------------------------------------- reductions and softmax

    private static void reductions(List<Case> c) {
        int[] shape = {6, 7, 45};
        for (boolean keep : new boolean[] {false, true}) {
            for (int d = 0; d < 3; d++) {
                int dim = d;
                String tail = " over dim " + d + (keep ? ", keepdim" : "");
                c.add(new Case("sum" + tail, SUMS, SUMS, in -> one(in.uniform(20, -1, 1, shape).sum(dim, keep))));
                c.add(new Case("mean" + tail, SUMS, SUMS, in -> one(in.uniform(21, -1, 1, shape).mean(dim, keep))));
                c.add(new Case("amax" + tail, 0, 0, in -> one(in.uniform(22, -1, 1, shape).amax(dim, keep))));
                c.add(new Case("amin" + tail, 0, 0, in -> one(in.uniform(23, -1, 1, shape).amin(new int[] {dim}, keep))));
                c.add(new Case("argmax" + tail, 0, 0, in -> one(in.uniform(24, -1, 1, shape).argmax(dim, keep))));
            }
        }
        c.add(new Case("sum of everything", SUMS, 1e-4, in -> one(in.uniform(25, -1, 1, 33, 65, 7).sum())));
        c.add(new Case("sum over dims 0 and 2", SUMS, SUMS, in -> one(in.uniform(26, -1, 1, shape).sum(new int[] {0, 2}, false))));
        c.add(new Case("mean over a transposed view", SUMS, SUMS, in ->
                one(in.uniform(27, -1, 1, 30, 20).transpose(0, 1).narrow(0, 2, 15).mean(1, true))));
        c.add(new Case("var (unbiased)", SUMS, SUMS, in -> one(in.uniform(28, -1, 1, shape).var(new int[] {2}, true, false))));
        c.add(new Case("argmax of a long row", 0, 0, in -> one(in.uniform(29, -1, 1, 3, 5000).argmax(1, false))));
        for (int d = 0; d < 3; d++) {
            int dim = d;
            c.add(new Case("softmax over dim " + d, SUMS, 1e-7, in -> one(in.uniform(30, -4, 4, shape).softmax(dim))));
            c.add(new Case("logSoftmax over dim " + d, SUMS, 1e-5, in -> one(in.uniform(31, -4, 4, shape).logSoftmax(dim))));
        }
        // Rows longer than one warp's and one block's share, where GPU kernels switch strategy.
        c.add(new Case("softmax of long rows", SUMS, 1e-8, in -> one(in.uniform(32, -8, 8, 3, 3000).softmax(1))));
        c.add(new Case("logSoftmax of long rows", SUMS, 1e-5, in -> one(in.uniform(33, -8, 8, 3, 3000).logSoftmax(1))));
    }

    // ---------------------------------------------------------------- matrix products

    private static void linearAlgebra(List<Case> c) {
        c.add(new Case("matmul 2-d", PRODUCTS, PRODUCTS, in -> one(in.uniform(40, -1, 1, 67, 129).matmul(in.uniform(41, -1, 1, 129, 35)))));
        c.add(new Case("matmul, both transposed", PRODUCTS, PRODUCTS, in ->
                one(in.uniform(42, -1, 1, 129, 67).mT().matmul(in.uniform(43, -1, 1, 35, 129).mT()))));
        c.add(new Case("matmul, A transposed", PRODUCTS, PRODUCTS, in ->
                one(in.uniform(44, -1, 1, 50, 33).mT().matmul(in.uniform(45, -1, 1, 50, 70)))));
        c.add(new Case("matmul, B a strided slice", PRODUCTS, PRODUCTS, in ->
                one(in.uniform(46, -1, 1, 40, 64).matmul(in.uniform(47, -1, 1, 64, 90).narrow(1, 7, 61)))));
        c.add(new Case("matmul batched", PRODUCTS, PRODUCTS, in -> one(in.uniform(48, -1, 1, 5, 33, 47).matmul(in.uniform(49, -1, 1, 5, 47, 19)))));
        c.add(new Case("matmul batched, transposed, broadcast batch", PRODUCTS, PRODUCTS, in ->
                one(in.uniform(50, -1, 1, 2, 1, 47, 33).mT().matmul(in.uniform(51, -1, 1, 3, 19, 47).mT()))));
        c.add(new Case("matmul (..., m, k) x (k, n)", PRODUCTS, PRODUCTS, in -> one(in.uniform(52, -1, 1, 4, 9, 31).matmul(in.uniform(53, -1, 1, 31, 12)))));
        c.add(new Case("matmul matrix x vector", PRODUCTS, PRODUCTS, in -> one(in.uniform(54, -1, 1, 23, 300).matmul(in.uniform(55, -1, 1, 300)))));
        c.add(new Case("matmul with k = 1000", PRODUCTS, 5e-4, in -> one(in.uniform(56, -1, 1, 130, 1000).matmul(in.uniform(57, -1, 1, 1000, 66)))));
    }

    // ---------------------------------------------------------------- indexing

    private static void indexing(List<Case> c) {
        c.add(new Case("indexSelect dim 0", 0, 0, in -> one(in.uniform(60, -1, 1, 10, 6, 3).indexSelect(0, in.indices(1, 10, 14)))));
        c.add(new Case("indexSelect dim 1 of a view", 0, 0, in ->
                one(in.uniform(61, -1, 1, 6, 10).transpose(0, 1).indexSelect(1, in.indices(2, 6, 9)))));
        c.add(new Case("gather dim 1", 0, 0, in -> one(in.uniform(62, -1, 1, 4, 11, 3).gather(1, in.indices(3, 11, 4, 7, 3)))));
        c.add(new Case("gather dim 0", 0, 0, in -> one(in.uniform(63, -1, 1, 8, 5).gather(0, in.indices(4, 8, 12, 5)))));
        // Many sources hit the same destination: the sums must not lose updates (atomics or not).
        c.add(new Case("scatterAdd with repeated indices", SUMS, 1e-6, in ->
                one(NDArray.scatterAdd(new int[] {4, 6, 3}, 1, in.indices(5, 6, 4, 50, 3), in.uniform(64, -1, 1, 4, 50, 3)))));
        c.add(new Case("scatterAdd dim 0", SUMS, 1e-6, in ->
                one(NDArray.scatterAdd(new int[] {7, 5}, 0, in.indices(6, 7, 30, 5), in.uniform(65, -1, 1, 30, 5)))));
    }

    // ---------------------------------------------------------------- batch normalisation

    private static void batchNorm(List<Case> c) {
        int[] shape = {16, 12, 9, 7};
        c.add(new Case("channelStats", SUMS, SUMS, in -> in.uniform(70, -2, 3, shape).channelStats()));
        c.add(new Case("channelStats on a (n, c) matrix", SUMS, SUMS, in -> in.uniform(71, -2, 3, 300, 5).channelStats()));
        c.add(new Case("channelAffine", ELEMENTWISE, 1e-6, in ->
                one(in.uniform(72, -2, 2, shape).channelAffine(in.uniform(73, 0.5, 2, 12), in.uniform(74, -1, 1, 12), false))));
        // with the ReLU fused in: and 1 where it equals the affine then relu() on the same device
        c.add(new Case("channelAffine with relu, and equal to the affine then relu", ELEMENTWISE, 1e-6, in -> {
            NDArray x = in.uniform(72, -2, 2, shape), scale = in.uniform(73, 0.5, 2, 12), shift = in.uniform(74, -1, 1, 12);
            NDArray y = x.channelAffine(scale, shift, true);
            return new NDArray[] {y, y.eq(x.channelAffine(scale, shift, false).relu())};
        }));
        for (boolean training : new boolean[] {true, false}) {
            c.add(new Case("batchNormBackward, " + (training ? "training" : "evaluation"), 1e-4, 1e-5, in -> {
                NDArray x = in.uniform(75, -2, 3, shape);
                NDArray[] stats = x.channelStats();
                NDArray invstd = stats[1].add(1e-5).sqrt().reciprocal();
                return NDArray.batchNormBackward(in.uniform(76, -1, 1, shape), null, x, stats[0], invstd,
                        in.uniform(77, 0.5, 2, 12), training);
            }));
            // a ReLU's output from its own values (not from x), so that float32 and float64 mask the same entries;
            // and 1 where it equals batch norm's backward of the gradient masked by relu's backward
            c.add(new Case("batchNormBackward with relu, " + (training ? "training" : "evaluation")
                    + ", and equal to the masked gradient's", 1e-4, 1e-5, in -> {
                NDArray x = in.uniform(75, -2, 3, shape), g = in.uniform(76, -1, 1, shape), reluOut = in.uniform(78, -1, 1, shape).relu();
                NDArray[] stats = x.channelStats();
                NDArray invstd = stats[1].add(1e-5).sqrt().reciprocal(), gamma = in.uniform(77, 0.5, 2, 12);
                NDArray[] fused = NDArray.batchNormBackward(g, reluOut, x, stats[0], invstd, gamma, training);
                NDArray[] apart = NDArray.batchNormBackward(g.mul(reluOut.gt(0)), null, x, stats[0], invstd, gamma, training);
                NDArray[] out = new NDArray[6];
                for (int k = 0; k < 3; k++) {
                    out[k] = fused[k];
                    out[3 + k] = fused[k].eq(apart[k]);
                }
                return out;
            }));
        }
        // The fused forward values and running-statistics update: their results against float64,
        // and 1 where they equal the composed ops they replace on the same device (so a fused
        // kernel that rounds differently from the composed path, e.g. by contracting to an fma,
        // fails here on every backend, bit for bit up to the sign of zero).
        c.add(new Case("batchNormParams, and equal to the composed ops", 1e-5, 1e-5, in -> {
            NDArray mean = in.uniform(140, -2, 2, 37), var = in.uniform(141, 0, 3, 37);
            NDArray gamma = in.uniform(142, -2, 2, 37), beta = in.uniform(143, -1, 1, 37);
            NDArray[] p = NDArray.batchNormParams(mean, var, gamma, beta, 1e-5);
            NDArray[] composed = composedParams(mean, var, gamma, beta, 1e-5);
            return new NDArray[] {p[0], p[1], p[2], p[0].eq(composed[0]), p[1].eq(composed[1]), p[2].eq(composed[2])};
        }));
        c.add(new Case("channelStatsAndParams, and equal to channelStats and the composed ops", SUMS, 1e-5, in -> {
            NDArray x = in.uniform(144, -2, 3, shape);
            NDArray gamma = in.uniform(145, -2, 2, 12), beta = in.uniform(146, -1, 1, 12);
            NDArray[] s = x.channelStatsAndParams(gamma, beta, 1e-3);
            NDArray[] stats = x.channelStats();
            NDArray[] composed = composedParams(stats[0], stats[1], gamma, beta, 1e-3);
            NDArray[] want = {stats[0], stats[1], composed[0], composed[1], composed[2]};
            NDArray[] out = new NDArray[10];
            for (int k = 0; k < 5; k++) {
                out[k] = s[k];
                out[5 + k] = s[k].eq(want[k]);
            }
            return out;
        }));
        for (boolean view : new boolean[] {false, true}) {
            c.add(new Case("batchNormUpdateRunning" + (view ? " on views with an offset" : "") + ", and equal to the composed update",
                    ELEMENTWISE, 1e-6, in -> {
                int ch = 29, n = 50;
                double momentum = 0.1;
                NDArray rm = in.uniform(147, -1, 1, view ? ch + 3 : ch), rv = in.uniform(148, 0.5, 2, view ? ch + 5 : ch);
                NDArray bt = in.put(NDArray.full(6, view ? 2 : 1));
                if (view) {
                    rm = rm.narrow(0, 3, ch);
                    rv = rv.narrow(0, 5, ch);
                    bt = bt.narrow(0, 1, 1);
                }
                bt = bt.view();
                NDArray rm2 = rm.copy(), rv2 = rv.copy(), bt2 = bt.copy();
                NDArray mean = in.uniform(149, -2, 2, ch), biasedVar = in.uniform(150, 0, 3, ch);
                NDArray.batchNormUpdateRunning(rm, rv, bt, mean, biasedVar, momentum, n);
                // the composed update (nn's BatchNorm before the fused op)
                NDArray unbiased = biasedVar.mul(n / (double) Math.max(n - 1, 1));
                rm2.copy_(rm2.mul(1 - momentum).add(mean.mul(momentum)));
                rv2.copy_(rv2.mul(1 - momentum).add(unbiased.mul(momentum)));
                bt2.copy_(bt2.add(1));
                return new NDArray[] {rm, rv, bt, rm.eq(rm2), rv.eq(rv2), bt.eq(bt2)};
            }));
        }
    }

    /** Batch norm's forward values op by op: {invstd, scale, shift}. */
    private static NDArray[] composedParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        NDArray invstd = var.add(eps).sqrt().reciprocal();
        NDArray scale = gamma.mul(invstd);
        return new NDArray[] {invstd, scale, beta.sub(mean.mul(scale))};
    }

    // ---------------------------------------------------------------- convolution and pooling

    private static void convolutionAndPooling(List<Case> c) {
        record Conv(String name, int n, int cin, int h, int w, int cout, int kh, int kw, int stride, int pad) {}
        List<Conv> convs = List.of(
                new Conv("3x3 pad 1", 4, 8, 12, 12, 16, 3, 3, 1, 1),
                new Conv("1x1", 3, 20, 9, 9, 12, 1, 1, 1, 0),
                new Conv("3x3 stride 2, odd size", 2, 5, 13, 11, 7, 3, 3, 2, 1),
                new Conv("5x3 no padding", 2, 3, 10, 9, 4, 5, 3, 1, 0));
        for (Conv v : convs) {
            c.add(new Case("conv2d " + v.name(), PRODUCTS, PRODUCTS, in ->
                    one(in.uniform(80, -1, 1, v.n(), v.cin(), v.h(), v.w()).conv2d(in.uniform(81, -1, 1, v.cout(), v.cin(), v.kh(), v.kw()), v.stride(), v.pad()))));
            c.add(new Case("conv2d backward input and weight " + v.name(), PRODUCTS, PRODUCTS, in -> {
                NDArray x = in.uniform(82, -1, 1, v.n(), v.cin(), v.h(), v.w());
                NDArray w = in.uniform(83, -1, 1, v.cout(), v.cin(), v.kh(), v.kw());
                ConvGeometry g = x.convGeometry(w.shape(), v.stride(), v.pad());
                NDArray gy = in.uniform(84, -1, 1, g.batch(), g.outChannels(), g.outHeight(), g.outWidth());
                return new NDArray[] {NDArray.conv2dBackwardInput(gy, w, g), NDArray.conv2dBackwardWeight(x, gy, g)};
            }));
        }
        c.add(new Case("conv2d on a strided view", PRODUCTS, PRODUCTS, in -> one(in.uniform(85, -1, 1, 2, 4, 10, 12)
                .transpose(2, 3).conv2d(in.uniform(86, -1, 1, 6, 4, 3, 3), 1, 1))));
        int[][] pools = {{3, 1, 1}, {2, 2, 0}, {3, 2, 1}}; // kernel, stride, padding
        for (int[] p : pools) {
            String tail = " " + p[0] + "x" + p[0] + " stride " + p[1] + " pad " + p[2];
            c.add(new Case("maxPool2d and its argmax" + tail, 0, 0, in -> in.uniform(87, -1, 1, 3, 5, 11, 10).maxPool2d(p[0], p[1], p[2])));
            c.add(new Case("maxPool2dBackward" + tail, 0, 0, in -> {
                NDArray x = in.uniform(88, -1, 1, 3, 5, 11, 10);
                NDArray[] r = x.maxPool2d(p[0], p[1], p[2]);
                // Overlapping windows add several gradients into one input: integers keep the sum exact.
                NDArray gy = in.put(NDArray.of(new float[r[0].numel()], r[0].shape()).add(2));
                return one(NDArray.maxPool2dBackward(gy, r[1], x.poolGeometry(p[0], p[1], p[2])));
            }));
            c.add(new Case("avgPool2d" + tail, ELEMENTWISE, 1e-7, in -> one(in.uniform(89, -1, 1, 3, 5, 11, 10).avgPool2d(p[0], p[1], p[2]))));
            c.add(new Case("avgPool2dBackward" + tail, ELEMENTWISE, 1e-7, in -> {
                NDArray x = in.uniform(90, -1, 1, 3, 5, 11, 10);
                PoolGeometry g = x.poolGeometry(p[0], p[1], p[2]);
                return one(NDArray.avgPool2dBackward(in.uniform(91, -1, 1, 3, 5, g.outHeight(), g.outWidth()), g));
            }));
        }
    }

    // ---------------------------------------------------------------- random numbers and memory

    private static void memory(List<Case> c) {
        // The stream depends only on seed and offset, so float32 on any device equals the CPU's
        // numbers up to the float64 reference's extra digits.
        c.add(new Case("random uniform, same seed", 1e-6, 1e-7, in ->
                one(NDArray.random(new Generator(123), false, in.dtype(), in.device(), 1001, 7))));
        c.add(new Case("random normal, same seed", 1e-5, 1e-6, in ->
                one(NDArray.random(new Generator(124), true, in.dtype(), in.device(), 3, 999))));
        c.add(new Case("random continues at the generator offset", 1e-5, 1e-6, in -> {
            Generator g = new Generator(125);
            NDArray first = NDArray.random(g, false, in.dtype(), in.device(), 17);
            return new NDArray[] {first, NDArray.random(g, true, in.dtype(), in.device(), 33)};
        }));
        c.add(new Case("bernoulli", 0, 0, in -> one(NDArray.bernoulli(new Generator(126), 0.3, in.dtype(), in.device(), 40, 40))));
        c.add(new Case("copy of a transposed slice", 0, 0, in -> one(in.uniform(100, -1, 1, 9, 8, 7).permute(2, 0, 1).narrow(1, 2, 5).copy())));
        c.add(new Case("copy_ broadcast into a view", 0, 0, in -> {
            NDArray out = in.uniform(101, -1, 1, 6, 8);
            out.narrow(1, 3, 4).copy_(in.uniform(102, -1, 1, 4));
            return one(out);
        }));
        c.add(new Case("fill_ whole and on a view", 0, 0, in -> {
            NDArray a = in.uniform(103, -1, 1, 5, 6).fill_(2.5);
            NDArray b = in.uniform(104, -1, 1, 5, 6);
            b.transpose(0, 1).narrow(0, 1, 2).fill_(-7);
            return new NDArray[] {a, b, NDArray.full(0.25, in.dtype(), in.device(), 3, 3), NDArray.zeros(in.dtype(), in.device(), 4)};
        }));
        c.add(new Case("cat and stack", 0, 0, in -> new NDArray[] {
                NDArray.cat(List.of(in.uniform(105, -1, 1, 3, 4), in.uniform(106, -1, 1, 3, 2)), 1),
                NDArray.stack(List.of(in.uniform(107, -1, 1, 3, 4), in.uniform(108, -1, 1, 3, 4)), 0)}));
        // Device -> CPU -> float64 -> float32 -> device: both transfer directions and the CPU casts.
        // (The CUDA backend keeps float64 on the CPU, so the cast itself runs on the CPU.)
        c.add(new Case("cast and transfers round trip", 0, 0, in -> {
            NDArray x = in.uniform(109, -1, 1, 7, 5);
            return one(x.to(Device.CPU).to(DType.FLOAT64).to(DType.FLOAT32).to(in.device()).to(in.dtype()));
        }));
    }

    // ---------------------------------------------------------------- multi-tensor optimiser updates and clipping

    /**
     * The fused multi-tensor updates (FusedOptimizers.sgdSteps, adamSteps, clipGradNorm) in float32 on the
     * device against the composed update in float64 on the CPU (the float64 run takes the composed
     * NDArray math, as the optimisers do for float64). Parameters of several sizes, one over
     * optim.cu's 16,384-element chunk, and a gradient that is a transposed view.
     */
    /** The fused updates of x's backend; these cases check backends that have them (an optional capability). */
    private static FusedOptimizers fused(NDArray x) {
        if (x.backend() instanceof FusedOptimizers f) return f;
        throw new UnsupportedOperationException(x.backend() + " has no fused optimiser updates");
    }

    private static void optimisers(List<Case> c) {
        int[][] shapes = {{7, 5}, {20001}, {3}, {64, 3, 3, 3}};
        double lr = 0.05, momentum = 0.9, wd = 1e-3;
        c.add(new Case("sgdSteps, momentum and weight decay, two steps", 1e-5, 1e-6, in -> {
            List<NDArray> w = new ArrayList<>(), v = new ArrayList<>();
            for (int k = 0; k < shapes.length; k++) w.add(in.uniform(110 + k, -1, 1, shapes[k]));
            for (int step = 0; step < 2; step++) {
                List<NDArray> g = new ArrayList<>();
                for (int k = 0; k < shapes.length; k++) g.add(in.uniform(120 + 10 * step + k, -1, 1, shapes[k]));
                boolean[] first = new boolean[shapes.length];
                for (int k = 0; k < shapes.length; k++) {
                    first[k] = step == 0;
                    if (first[k]) v.add(NDArray.zeros(in.dtype(), in.device(), shapes[k]));
                }
                if (in.dtype() == DType.FLOAT32) {
                    fused(w.get(0)).sgdSteps(w, g, v, first, (float) lr, (float) momentum, (float) wd);
                } else {
                    for (int k = 0; k < shapes.length; k++) {
                        NDArray gk = g.get(k).add(w.get(k).mul(wd));
                        NDArray vk = first[k] ? gk : v.get(k).mul(momentum).add(gk);
                        v.set(k, vk);
                        w.get(k).copy_(w.get(k).sub(vk.mul(lr)));
                    }
                }
            }
            List<NDArray> out = new ArrayList<>(w);
            out.addAll(v);
            return out.toArray(NDArray[]::new);
        }));
        c.add(new Case("sgdSteps without momentum", 1e-5, 1e-6, in -> {
            List<NDArray> w = new ArrayList<>(), g = new ArrayList<>();
            for (int k = 0; k < shapes.length; k++) {
                w.add(in.uniform(140 + k, -1, 1, shapes[k]));
                g.add(in.uniform(150 + k, -1, 1, shapes[k]));
            }
            if (in.dtype() == DType.FLOAT32) fused(w.get(0)).sgdSteps(w, g, null, new boolean[shapes.length], (float) lr, 0f, 0f);
            else for (int k = 0; k < shapes.length; k++) w.get(k).copy_(w.get(k).sub(g.get(k).mul(lr)));
            return w.toArray(NDArray[]::new);
        }));
        double b1 = 0.9, b2 = 0.999, eps = 1e-8, alr = 1e-2;
        int[] t = {1, 2, 5, 3};    // each parameter at its own step
        c.add(new Case("adamSteps, per-parameter step counts", 1e-4, 1e-6, in -> {
            List<NDArray> w = new ArrayList<>(), g = new ArrayList<>(), m = new ArrayList<>(), v = new ArrayList<>();
            for (int k = 0; k < shapes.length; k++) {
                w.add(in.uniform(160 + k, -1, 1, shapes[k]));
                g.add(in.uniform(170 + k, -1, 1, shapes[k]));
                m.add(in.uniform(180 + k, -0.1, 0.1, shapes[k]));
                v.add(in.uniform(190 + k, 0, 0.01, shapes[k]));
            }
            if (in.dtype() == DType.FLOAT32) {
                float[] c2 = new float[shapes.length], stepSize = new float[shapes.length];
                for (int k = 0; k < shapes.length; k++) {
                    c2[k] = (float) (1 - Math.pow(b2, t[k]));
                    stepSize[k] = (float) (alr / (1 - Math.pow(b1, t[k])));
                }
                fused(w.get(0)).adamSteps(w, g, m, v, (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2), (float) eps,
                        (float) wd, c2, stepSize);
            } else {
                for (int k = 0; k < shapes.length; k++) {
                    NDArray gk = g.get(k).add(w.get(k).mul(wd));
                    m.set(k, m.get(k).mul(b1).add(gk.mul(1 - b1)));
                    v.set(k, v.get(k).mul(b2).add(gk.square().mul(1 - b2)));
                    NDArray denom = v.get(k).div(1 - Math.pow(b2, t[k])).sqrt().add(eps);
                    w.get(k).copy_(w.get(k).sub(m.get(k).div(denom).mul(alr / (1 - Math.pow(b1, t[k])))));
                }
            }
            List<NDArray> out = new ArrayList<>(w);
            out.addAll(m);
            out.addAll(v);
            return out.toArray(NDArray[]::new);
        }));
        for (double maxNorm : new double[] {1.0, 1e6}) {
            c.add(new Case("clipGradNorm, " + (maxNorm < 10 ? "clipping" : "not clipping") + " (norm, then the gradients)", SUMS, 1e-6, in -> {
                List<NDArray> g = new ArrayList<>();
                for (int k = 0; k < shapes.length; k++) g.add(in.uniform(200 + k, -1, 1, shapes[k]));
                g.add(in.uniform(210, -1, 1, 9, 4).transpose(0, 1));  // a strided view
                return fused(g.get(0)).clipGradNorm(g, maxNorm);
            }));
        }
    }
}
