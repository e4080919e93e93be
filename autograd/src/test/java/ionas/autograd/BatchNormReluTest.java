package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.DType;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch norm with the ReLU fused in ({@link Tensor#batchNormRelu}) against batch norm then
 * {@link Tensor#relu()}, bit for bit (raw bits, the sign of zero included): the output, the batch
 * statistics, the gradients of x, gamma and beta, and with {@link BackwardMode#CREATE_GRAPH} those
 * gradients and a second derivative through them, in training and in evaluation, on awkward shapes
 * (channels not a multiple of 16, odd spatial sizes, batch 1, (N, C) features). On the CPU (float32
 * and float64), on cuda:0 simulated and emulated on the CPU (the CUDA backend over norm.cu; skipped
 * without g++) and on a real cuda:0 (skipped without one).
 */
class BatchNormReluTest {
    private static final double EPS = 1e-5;
    private static final int[][] SHAPES = {{1, 17, 5, 3}, {3, 5, 7, 9}, {2, 33, 1, 1}, {4, 16, 8, 8}, {6, 19}, {1, 3, 1, 1}};

    static Stream<TestDevice> devices() {
        return Stream.of(TestDevice.CPU, TestDevice.SIMULATED_CUDA, TestDevice.EMULATED_CUDA, TestDevice.CUDA);
    }

    /** x, gamma, beta (leaves), the output gradient, running mean and variance: on d, in dtype. */
    private record Inputs(Tensor x, Tensor gamma, Tensor beta, Tensor g, NDArray runningMean, NDArray runningVar) {
        static Inputs draw(TestDevice d, DType dtype, int[] shape, long seed) {
            Generator gen = new Generator(seed);
            int c = shape[1];
            NDArray x = NDArray.randn(gen, shape).mul(2).add(0.3);
            NDArray gamma = NDArray.randn(gen, c), beta = NDArray.randn(gen, c).mul(0.5); // gamma < 0 too: whole channels off
            NDArray g = NDArray.randn(gen, shape);
            NDArray rm = NDArray.randn(gen, c).mul(0.5), rv = NDArray.rand(gen, c).add(0.5);
            return new Inputs(leaf(d, dtype, x), leaf(d, dtype, gamma), leaf(d, dtype, beta), Tensor.of(on(d, dtype, g)),
                    on(d, dtype, rm), on(d, dtype, rv));
        }

        private static NDArray on(TestDevice d, DType dtype, NDArray a) {
            return d.put(a.to(dtype));
        }

        private static Tensor leaf(TestDevice d, DType dtype, NDArray a) {
            return Tensor.of(on(d, dtype, a)).requiresGrad(true);
        }

        List<Tensor> leaves() {
            return List.of(x, gamma, beta);
        }
    }

    /** The output, then in training the batch mean and variance: the fused op's, or batch norm's then relu(). */
    private static Tensor.BatchNormOutput run(Inputs in, boolean training, boolean fused) {
        if (!training) {
            Tensor y = fused ? in.x.batchNormRelu(in.gamma, in.beta, in.runningMean, in.runningVar, EPS)
                    : in.x.batchNorm(in.gamma, in.beta, in.runningMean, in.runningVar, EPS).relu();
            return new Tensor.BatchNormOutput(y, null, null);
        }
        if (fused) return in.x.batchNormRelu(in.gamma, in.beta, EPS);
        Tensor.BatchNormOutput o = in.x.batchNorm(in.gamma, in.beta, EPS);
        return new Tensor.BatchNormOutput(o.output().relu(), o.mean(), o.biasedVar());
    }

    private static NDArray[] forward(Inputs in, boolean training, boolean fused) {
        Tensor.BatchNormOutput o = run(in, training, fused);
        return training ? new NDArray[] {o.output().data(), o.mean(), o.biasedVar()} : new NDArray[] {o.output().data()};
    }

    private static Tensor output(Inputs in, boolean training, boolean fused) {
        return run(in, training, fused).output();
    }

    /** {dx, dgamma, dbeta} of sum(y * g), then with a graph: those again and d(sum(dx * g))/d{x, gamma}. */
    private static NDArray[] gradients(Inputs in, boolean training, boolean fused) {
        List<Tensor> first = Autograd.grad(List.of(output(in, training, fused)), List.of(in.g), in.leaves(), BackwardMode.FREE_GRAPH);
        List<Tensor> graphed = Autograd.grad(List.of(output(in, training, fused)), List.of(in.g), in.leaves(), BackwardMode.CREATE_GRAPH);
        Tensor probe = graphed.get(0).mul(in.g).sum().add(graphed.get(1).square().sum());
        List<Tensor> second = Autograd.grad(probe, List.of(in.x, in.gamma), BackwardMode.FREE_GRAPH);
        return new NDArray[] {first.get(0).data(), first.get(1).data(), first.get(2).data(), graphed.get(0).data(),
                graphed.get(1).data(), graphed.get(2).data(), second.get(0).data(), second.get(1).data()};
    }

    private static final String[] GRADIENTS = {"dx", "dgamma", "dbeta", "dx (graph)", "dgamma (graph)", "dbeta (graph)",
            "d2 x", "d2 gamma"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void fusedIsBatchNormThenReluBitForBit(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            List<DType> dtypes = d.isCpu() ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
            for (DType dtype : dtypes)
                for (int[] shape : SHAPES)
                    for (boolean training : new boolean[] {true, false}) {
                        String what = Arrays.toString(shape) + " " + dtype + (training ? " training" : " evaluation") + " on " + d;
                        Inputs in = Inputs.draw(d, dtype, shape, 31L * shape[1] + shape.length);
                        NDArray[] want = forward(in, training, false), got = forward(in, training, true);
                        String[] names = {"output", "batch mean", "batch variance"};
                        for (int k = 0; k < want.length; k++) assertSameBits(want[k], got[k], names[k] + " " + what);
                        NDArray[] wantG = gradients(in, training, false), gotG = gradients(in, training, true);
                        for (int k = 0; k < wantG.length; k++) assertSameBits(wantG[k], gotG[k], GRADIENTS[k] + " " + what);
                    }
        }
    }

    /** The fused op's name tells it from batch norm alone in graphs and errors. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void theOpIsOneNodeNamedBatchNormRelu(TestDevice d) {
        assumeTrue(d.unavailableReason() == null, d.unavailableReason());
        try (var installed = d.install()) {
            Inputs in = Inputs.draw(d, DType.FLOAT32, SHAPES[0], 1);
            Tensor y = in.x.batchNormRelu(in.gamma, in.beta, EPS).output();
            assertEquals("BatchNormRelu", y.gradFn().name());
            assertEquals(in.x, y.gradFn().inputs()[0], "its input is the conv output itself: no op in between");
            assertEquals("BatchNormRelu(eval)", in.x.batchNormRelu(in.gamma, in.beta, in.runningMean, in.runningVar, EPS).gradFn().name());
        }
    }

    private static void assertSameBits(NDArray want, NDArray got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        assertEquals(Arrays.toString(want.shape()), Arrays.toString(got.shape()), what + ": shape");
        if (want.dtype() == DType.FLOAT64) {
            double[] w = want.toDoubleArray(), g = got.toDoubleArray();
            for (int i = 0; i < w.length; i++)
                assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]), what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
        } else {
            float[] w = want.toFloatArray(), g = got.toFloatArray();
            for (int i = 0; i < w.length; i++)
                assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits(g[i]), what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
        }
    }
}
