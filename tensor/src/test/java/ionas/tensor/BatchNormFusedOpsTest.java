package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.testing.TestDevice;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch norm's fused backend ops ({@link Backend#batchNormParams}, {@link Backend#channelStatsAndParams},
 * {@link Backend#batchNormUpdateRunning}) against the composed NDArray ops that define them, bit for
 * bit (raw bits, the sign of zero included; any NaN matches any NaN) on ordinary and edge values: zero and negative
 * zero variances, eps 0 and -0.0, denormals, infinities, NaN, n = 1, momentum 0. On the CPU, on
 * cuda:0 emulated on the CPU (the CUDA backend over norm.cu; skipped without g++) and on a real
 * cuda:0 (skipped without one).
 */
class BatchNormFusedOpsTest {
    static Stream<TestDevice> devices() {
        return Stream.of(TestDevice.CPU, TestDevice.EMULATED_CUDA, TestDevice.CUDA);
    }

    private static void assertSameBits(NDArray want, NDArray got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        assertEquals(Shapes.str(want.shape()), Shapes.str(got.shape()), what + ": shape");
        if (want.dtype() == DType.FLOAT64) {
            double[] w = want.toDoubleArray(), g = got.toDoubleArray();
            for (int i = 0; i < w.length; i++)
                if (!(Double.isNaN(w[i]) && Double.isNaN(g[i])))
                    assertEquals(Double.doubleToRawLongBits(w[i]), Double.doubleToRawLongBits(g[i]), what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
        } else {
            float[] w = want.toFloatArray(), g = got.toFloatArray();
            for (int i = 0; i < w.length; i++)
                if (!(Float.isNaN(w[i]) && Float.isNaN(g[i])))
                    assertEquals(Float.floatToRawIntBits(w[i]), Float.floatToRawIntBits(g[i]), what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
        }
    }

    private static NDArray[] composedParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        NDArray invstd = var.add(eps).sqrt().reciprocal();
        NDArray scale = gamma.mul(invstd);
        return new NDArray[] {invstd, scale, beta.sub(mean.mul(scale))};
    }

    private static final String[] PARAMS = {"invstd", "scale", "shift"};

    /** 40 values per channel vector: random, then the edge values at the front. */
    private static NDArray values(long seed, double lo, double hi, float... edges) {
        float[] v = NDArray.rand(new Generator(seed), 40).mul(hi - lo).add(lo).toFloatArray();
        System.arraycopy(edges, 0, v, 0, edges.length);
        return NDArray.of(v, 40);
    }

    private static NDArray[] edgeStats() {
        NDArray mean = values(1, -3, 3, 0f, 1f, -2f, 5f, Float.POSITIVE_INFINITY, 1f, Float.NaN, 0.5f, 1e30f, -0f);
        NDArray var = values(2, 0, 4, 0f, -0f, 1e-40f, 3e38f, 1f, Float.POSITIVE_INFINITY, 1f, Float.NaN, 1e-6f, 2f);
        NDArray gamma = values(3, -2, 2, 1f, 0f, -0f, 2f, 1f, -1f, 1f, 1f, 3e38f, Float.NaN);
        NDArray beta = values(4, -1, 1, 0f, -0f, 1f, Float.NEGATIVE_INFINITY, 0f, 0f, 0f, 0f, 1f, 0f);
        return new NDArray[] {mean, var, gamma, beta};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void paramsAreTheComposedOpsBitForBit(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            NDArray[] s = edgeStats();
            for (int k = 0; k < 4; k++) s[k] = d.put(s[k]);
            for (double eps : new double[] {1e-5, 0, -0.0, 1e-3, 0.1}) {
                NDArray[] got = NDArray.batchNormParams(s[0], s[1], s[2], s[3], eps);
                NDArray[] want = composedParams(s[0], s[1], s[2], s[3], eps);
                for (int k = 0; k < 3; k++) assertSameBits(want[k], got[k], PARAMS[k] + " eps=" + eps + " on " + d);
            }
        }
    }

    @Test
    void paramsInFloat64AreTheComposedOpsBitForBit() {
        NDArray[] s = edgeStats();
        for (int k = 0; k < 4; k++) s[k] = s[k].to(DType.FLOAT64);
        for (double eps : new double[] {1e-5, 0, -0.0}) {
            NDArray[] got = NDArray.batchNormParams(s[0], s[1], s[2], s[3], eps);
            NDArray[] want = composedParams(s[0], s[1], s[2], s[3], eps);
            for (int k = 0; k < 3; k++) assertSameBits(want[k], got[k], PARAMS[k] + " float64 eps=" + eps);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void statsAndParamsAreChannelStatsThenTheComposedOps(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            for (int[] shape : new int[][] {{6, 5, 7, 3}, {300, 4}, {2, 3, 1}}) {
                NDArray x = NDArray.rand(new Generator(7), shape).mul(8).sub(2);
                x.narrow(1, 0, 1).fill_(1.25); // channel 0 constant: variance 0, with eps 0 an infinite invstd
                x = d.put(x);
                int c = shape[1];
                NDArray gamma = d.put(NDArray.rand(new Generator(8), c).mul(4).sub(2));
                NDArray beta = d.put(NDArray.rand(new Generator(9), c).sub(0.5));
                for (double eps : new double[] {1e-5, 0}) {
                    NDArray[] got = x.channelStatsAndParams(gamma, beta, eps);
                    NDArray[] stats = x.channelStats();
                    NDArray[] p = composedParams(stats[0], stats[1], gamma, beta, eps);
                    NDArray[] want = {stats[0], stats[1], p[0], p[1], p[2]};
                    String[] names = {"mean", "var", "invstd", "scale", "shift"};
                    for (int k = 0; k < 5; k++)
                        assertSameBits(want[k], got[k], names[k] + " " + Shapes.str(shape) + " eps=" + eps + " on " + d);
                }
            }
        }
    }

    /**
     * The fused ReLU ({@link Backend#channelAffine} with relu, {@link Backend#batchNormBackward} with the
     * ReLU's output) against the affine then relu() and the backward of relu's masked gradient
     * g.mul(y.gt(0)): zero scales and shifts of both signs (outputs of +-0), NaN and infinite inputs
     * and gradients, channels not a multiple of 16, odd spatial sizes, batch 1.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void fusedReluIsTheAffineThenReluAndTheMaskedBackward(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            for (int[] shape : new int[][] {{3, 17, 5, 3}, {1, 5, 7}, {19, 6}, {2, 40, 1, 1}}) {
                int c = shape[1], size = Shapes.numel(shape);
                float[] xv = NDArray.randn(new Generator(31), shape).toFloatArray(), gv = NDArray.randn(new Generator(32), shape).toFloatArray();
                float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-40f};
                for (int i = 0; i < special.length; i++) {
                    xv[(7 * i + 3) % size] = special[i];
                    gv[(5 * i + 1) % size] = special[i];
                }
                NDArray x = d.put(NDArray.of(xv, shape)), g = d.put(NDArray.of(gv, shape));
                NDArray scale = d.put(values(41, -2, 2, 0f, -0f, 1f).narrow(0, 0, c)), shift = d.put(values(42, -1, 1, -0f, 0f, 0f).narrow(0, 0, c));
                NDArray y = x.channelAffine(scale, shift, true);
                String what = " " + Shapes.str(shape) + " on " + d;
                assertSameBits(x.channelAffine(scale, shift, false).relu(), y, "forward" + what);
                NDArray[] stats = x.channelStats();
                NDArray invstd = stats[1].add(1e-5).sqrt().reciprocal(), gamma = d.put(values(43, -2, 2, 1f, -1f, 0f).narrow(0, 0, c));
                for (boolean training : new boolean[] {true, false}) {
                    NDArray[] want = NDArray.batchNormBackward(g.mul(y.gt(0)), null, x, stats[0], invstd, gamma, training);
                    NDArray[] got = NDArray.batchNormBackward(g, y, x, stats[0], invstd, gamma, training);
                    String[] names = {"dx", "dgamma", "dbeta"};
                    for (int k = 0; k < 3; k++) assertSameBits(want[k], got[k], names[k] + " training=" + training + what);
                }
            }
        }
    }

    /** nn's BatchNorm's update before the fused op, op by op. */
    private static void composedUpdate(NDArray rm, NDArray rv, NDArray bt, NDArray mean, NDArray biasedVar, double momentum, int n) {
        NDArray unbiased = biasedVar.mul(n / (double) Math.max(n - 1, 1));
        rm.copy_(rm.mul(1 - momentum).add(mean.mul(momentum)));
        rv.copy_(rv.mul(1 - momentum).add(unbiased.mul(momentum)));
        bt.copy_(bt.add(1));
    }

    private static void checkUpdate(TestDevice d, DType running, DType batch, double momentum, int n) {
        NDArray rm = d.put(values(11, -1, 1, 0f, -0f, Float.NaN, 1e-40f).to(running));
        NDArray rv = d.put(values(12, 0.5, 2, 1f, 0f, 1f, Float.POSITIVE_INFINITY).to(running));
        NDArray bt = d.put(NDArray.full(41, running == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32, Device.CPU));
        NDArray mean = d.put(values(13, -3, 3, -0f, 0f, 1f, 2f, Float.NaN).to(batch));
        NDArray var = d.put(values(14, 0, 4, 0f, -0f, 1f, 3e38f, 1f, Float.NaN).to(batch));
        NDArray rm2 = rm.copy(), rv2 = rv.copy(), bt2 = bt.copy();
        NDArray.batchNormUpdateRunning(rm, rv, bt, mean, var, momentum, n);
        composedUpdate(rm2, rv2, bt2, mean, var, momentum, n);
        String what = " " + running + "/" + batch + " momentum=" + momentum + " n=" + n + " on " + d;
        assertSameBits(rm2, rm, "running mean" + what);
        assertSameBits(rv2, rv, "running var" + what);
        assertSameBits(bt2, bt, "batches tracked" + what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void runningUpdateIsTheComposedUpdateBitForBit(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            for (double momentum : new double[] {0.1, 0.0, -0.0, 1.0, 0.37})
                for (int n : new int[] {128 * 49, 1, 2, 7})
                    checkUpdate(d, DType.FLOAT32, DType.FLOAT32, momentum, n);
            if (d.isCpu()) { // float64 and mixed dtypes take the composed definition
                checkUpdate(d, DType.FLOAT32, DType.FLOAT64, 0.1, 10);
                checkUpdate(d, DType.FLOAT64, DType.FLOAT64, 0.1, 10);
                checkUpdate(d, DType.FLOAT64, DType.FLOAT32, 0.1, 10);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void runningUpdateWritesViewsWithAnOffsetInPlace(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            NDArray big = d.put(NDArray.rand(new Generator(21), 3, 10));
            NDArray before = big.copy();
            NDArray rm = big.narrow(0, 1, 1).view(10), rv = big.narrow(0, 2, 1).view(10), bt = big.narrow(0, 0, 1).narrow(1, 4, 1).view();
            NDArray mean = d.put(NDArray.rand(new Generator(22), 10)), var = d.put(NDArray.rand(new Generator(23), 10));
            NDArray.batchNormUpdateRunning(rm, rv, bt, mean, var, 0.1, 5);
            NDArray rm2 = before.narrow(0, 1, 1).view(10).copy(), rv2 = before.narrow(0, 2, 1).view(10).copy();
            NDArray bt2 = before.narrow(0, 0, 1).narrow(1, 4, 1).view().copy();
            composedUpdate(rm2, rv2, bt2, mean, var, 0.1, 5);
            NDArray want = before.copy();
            want.narrow(0, 1, 1).view(10).copy_(rm2);
            want.narrow(0, 2, 1).view(10).copy_(rv2);
            want.narrow(0, 0, 1).narrow(1, 4, 1).view().copy_(bt2);
            assertSameBits(want, big, "the buffer around the views on " + d);
        }
    }

    @Test
    void shapesAreChecked() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NDArray.batchNormParams(NDArray.zeros(3), NDArray.zeros(3), NDArray.zeros(4), NDArray.zeros(3), 1e-5));
        assertEquals(true, e.getMessage().startsWith("batchNormParams: "), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class,
                () -> NDArray.zeros(2, 3, 4).channelStatsAndParams(NDArray.zeros(3), NDArray.zeros(1, 3), 1e-5));
        assertEquals(true, s.getMessage().startsWith("channelStatsAndParams: 3 channels"), s.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> NDArray.batchNormBackward(NDArray.zeros(2, 3, 4), NDArray.zeros(2, 3),
                NDArray.zeros(2, 3, 4), NDArray.zeros(3), NDArray.ones(3), NDArray.ones(3), true));
        assertEquals(true, r.getMessage().startsWith("batchNormBackward: the ReLU's output must be x's shape"), r.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> NDArray.batchNormUpdateRunning(NDArray.zeros(3), NDArray.zeros(3),
                NDArray.zeros(2), NDArray.zeros(3), NDArray.zeros(3), 0.1, 4));
        assertEquals(true, u.getMessage().startsWith("batchNormUpdateRunning: batchesTracked"), u.getMessage());
    }
}
