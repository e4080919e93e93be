package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Backend method on the GPU against the CPU backend on the same inputs, including strided
 * views (transpose, slice with an offset) and broadcasts. On the GPU where there is one; else on
 * cuda:0 emulated on the CPU ({@link EmulatedCuda}: the same backend over the kernels' source),
 * skipped where that cannot be built either.
 *
 * <p>Tolerances: exact for copies, the exactly rounded elementwise ops, max/min/argmax and
 * pooling (the kernels use the CPU's order of operations); a few ulp (1e-6 relative) for the
 * transcendental ops and the normal sampler; 1e-5 relative for sums, softmax and batch norm;
 * 1e-4 for FP32 matmul/conv and 5e-3 for TF32, plus an absolute term scaled by sqrt(K) for
 * results near zero.
 */
class CudaBackendTest {
    private static final CudaDevice.Availability GPU = CudaDevice.probe();
    private static final Device CUDA = Device.cuda(0);
    private static final EnumSet<UnaryOp> EXACT_UNARY =
            EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.RELU, UnaryOp.SQRT, UnaryOp.RECIPROCAL, UnaryOp.SIGN);

    private final Backend cpu = Backends.cpu();
    private Backend gpu;

    @BeforeEach
    void needsGpu() {
        if (GPU.available()) {
            gpu = CudaBackend.forDevice(0);
        } else {
            String emulator = EmulatedCuda.unavailableReason();
            assumeTrue(emulator == null, "no GPU (" + GPU.reason() + ") and no emulator: " + emulator);
            gpu = EmulatedCuda.backend();
            Backends.registerCuda(gpu); // so that x.to(cuda:0) lands there too
        }
        CudaBackend.setAllowTf32(false);
    }

    @AfterEach
    void unregister() {
        Backends.registerCuda(null);
    }

    // ---------------------------------------------------------------- helpers

    private static NDArray randn(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return NDArray.of(v, shape);
    }

    private static NDArray uniform(long seed, double lo, double hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return NDArray.of(v, shape);
    }

    /** Whole numbers in [0, bound) as floats. */
    private static NDArray indices(long seed, int bound, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(bound);
        return NDArray.of(v, shape);
    }

    private static NDArray cuda(NDArray x) {
        return x.to(CUDA);
    }

    private static void assertExact(NDArray want, NDArray got, String what) {
        assertEquals(CUDA, got.device(), what + ": the result must stay on the GPU");
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] w = want.toFloatArray(), g = got.toFloatArray();
        for (int i = 0; i < w.length; i++)
            assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits(g[i]), what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
    }

    private static void assertNear(NDArray want, NDArray got, double rtol, double atol, String what) {
        assertEquals(CUDA, got.device(), what + ": the result must stay on the GPU");
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] w = want.toFloatArray(), g = got.toFloatArray();
        for (int i = 0; i < w.length; i++) {
            if (Float.isNaN(w[i]) || Float.isInfinite(w[i])) {
                assertEquals(w[i], g[i], what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(w[i] - g[i]) <= atol + rtol * Math.abs(w[i]),
                        what + " [" + i + "]: want " + w[i] + ", got " + g[i]);
            }
        }
    }

    /** The same view of a CPU array and of its GPU copy. */
    private record Pair(NDArray cpu, NDArray gpu) {
        static Pair of(NDArray x) {
            return new Pair(x, cuda(x));
        }

        Pair view(UnaryOperator<NDArray> f) {
            return new Pair(f.apply(cpu), f.apply(gpu));
        }
    }

    /** A contiguous array, its transpose and a slice with an offset, all of shape (6, 5). */
    private static List<Pair> views(long seed, double lo, double hi) {
        Pair base = Pair.of(uniform(seed, lo, hi, 6, 5));
        Pair wide = Pair.of(uniform(seed + 1, lo, hi, 5, 6));
        Pair big = Pair.of(uniform(seed + 2, lo, hi, 8, 9));
        return List.of(base, wide.view(x -> x.transpose(0, 1)), big.view(x -> x.narrow(0, 1, 6).narrow(1, 2, 5)));
    }

    // ---------------------------------------------------------------- memory

    @Test
    void memoryRoundTripsAndZeroes() {
        NDArray x = randn(1, 7, 3);
        assertArrayEquals(x.toFloatArray(), cuda(x).toFloatArray());
        assertArrayEquals(new float[10], NDArray.zeros(DType.FLOAT32, CUDA, 10).toFloatArray());
        Pair p = Pair.of(randn(2, 4, 6)).view(v -> v.transpose(0, 1).narrow(0, 1, 3));
        assertArrayEquals(p.cpu().toFloatArray(), p.gpu().toFloatArray(), "toFloatArray of a strided view");
        assertArrayEquals(p.cpu().toDoubleArray(), p.gpu().toDoubleArray());
        assertTrue(gpu.describe().startsWith("cuda:0: "), gpu.describe());
    }

    @Test
    void copyIntoFillAndCast() {
        NDArray dc = NDArray.zeros(5, 6), dg = cuda(dc);
        NDArray src = randn(3, 6, 3);
        cpu.copyInto(dc.narrow(1, 2, 3), src);
        gpu.copyInto(dg.narrow(1, 2, 3), cuda(src));
        assertExact(dc, dg, "copyInto a slice");
        cpu.copyInto(dc.transpose(0, 1), randn(4, 6, 5));
        gpu.copyInto(dg.transpose(0, 1), cuda(randn(4, 6, 5)));
        assertExact(dc, dg, "copyInto a transpose");
        NDArray contiguous = cuda(randn(5, 5, 6));
        gpu.copyInto(dg, contiguous);
        assertExact(randn(5, 5, 6), dg, "contiguous copyInto");

        gpu.fill(dg, 2.5);
        assertExact(NDArray.full(2.5, 5, 6), dg, "fill");
        NDArray fc = NDArray.zeros(4, 4), fg = cuda(fc);
        fc.narrow(1, 1, 2).fill_(-1);
        fg.narrow(1, 1, 2).fill_(-1);
        assertExact(fc, fg, "fill_ of a slice");

        NDArray t = cuda(randn(6, 3, 4)).transpose(0, 1);
        assertExact(cpu.cast(randn(6, 3, 4).transpose(0, 1), DType.FLOAT32), gpu.cast(t, DType.FLOAT32), "cast to float32");
    }

    @Test
    void float64IsRefusedNamingTheOp() {
        var a = assertThrows(UnsupportedOperationException.class, () -> gpu.fromArray(new double[] {1}));
        assertTrue(a.getMessage().contains("float32-only") && a.getMessage().contains("fromArray"), a.getMessage());
        var b = assertThrows(UnsupportedOperationException.class, () -> gpu.cast(cuda(randn(1, 2)), DType.FLOAT64));
        assertTrue(b.getMessage().contains("CPU"), b.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> gpu.allocate(DType.FLOAT64, 3));
        assertThrows(UnsupportedOperationException.class, () -> NDArray.of(new double[] {1, 2}, 2).to(CUDA));
    }

    // ---------------------------------------------------------------- elementwise

    @Test
    void unaryOnContiguousTransposedAndSlicedViews() {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
            for (Pair p : views(10 + op.ordinal(), positive ? 0.01 : -4, 4)) {
                NDArray want = cpu.unary(op, p.cpu()), got = gpu.unary(op, p.gpu());
                if (EXACT_UNARY.contains(op)) assertExact(want, got, op.name());
                else assertNear(want, got, 1e-6, 1e-7, op.name());
            }
        }
    }

    @Test
    void binaryWithViewsAndBroadcasts() {
        for (BinaryOp op : BinaryOp.values()) {
            boolean pow = op == BinaryOp.POW;
            List<Pair> as = views(20, pow ? 0.1 : -3, 3), bs = views(30, pow ? -2 : -3, 3);
            for (int i = 0; i < as.size(); i++) {
                NDArray want = cpu.binary(op, as.get(i).cpu(), bs.get((i + 1) % 3).cpu());
                NDArray got = gpu.binary(op, as.get(i).gpu(), bs.get((i + 1) % 3).gpu());
                if (pow) assertNear(want, got, 1e-6, 1e-7, op.name());
                else assertExact(want, got, op.name());
            }
            Pair col = Pair.of(uniform(40, pow ? 0.1 : -3, 3, 6, 1)).view(x -> x.expand(6, 5));
            Pair row = Pair.of(uniform(41, -2, 3, 1, 5)).view(x -> x.expand(6, 5));
            NDArray want = cpu.binary(op, col.cpu(), row.cpu()), got = gpu.binary(op, col.gpu(), row.gpu());
            if (pow) assertNear(want, got, 1e-6, 1e-7, op + " broadcast");
            else assertExact(want, got, op + " broadcast");
        }
    }

    @Test
    void binaryWithAScalarOperandMatchesTheCpuBitForBit() {
        double[] scalars = {0.5, -3, 0, -0.0, 1e-3, Double.NaN, Double.POSITIVE_INFINITY};
        for (BinaryOp op : BinaryOp.values()) {
            for (Pair p : views(160, op == BinaryOp.POW ? 0.1 : -3, 3)) {
                for (double s : scalars) {
                    for (boolean first : new boolean[] {false, true}) {
                        String what = op + " " + (first ? s + " op x" : "x op " + s);
                        NDArray want = cpu.binaryScalar(op, p.cpu(), s, first), got = gpu.binaryScalar(op, p.gpu(), s, first);
                        if (op == BinaryOp.POW) assertNear(want, got, 1e-6, 0, what);
                        else assertExact(want, got, what);
                    }
                }
            }
        }
    }

    @Test
    void whereWithBroadcastCondition() {
        Pair cond = Pair.of(NDArray.of(new float[] {0, 1, Float.NaN, 0, 2}, 1, 5)).view(x -> x.expand(6, 5));
        List<Pair> v = views(50, -1, 1);
        assertExact(cpu.where(cond.cpu(), v.get(0).cpu(), v.get(1).cpu()), gpu.where(cond.gpu(), v.get(0).gpu(), v.get(1).gpu()), "where");
        assertExact(cpu.where(v.get(2).cpu(), v.get(1).cpu(), v.get(0).cpu()), gpu.where(v.get(2).gpu(), v.get(1).gpu(), v.get(0).gpu()),
                "where with a sliced condition");
    }

    @Test
    void randomFollowsThePhiloxCounterLayout() {
        for (boolean normal : new boolean[] {false, true}) {
            NDArray c = NDArray.zeros(1000), g = NDArray.zeros(DType.FLOAT32, CUDA, 1000);
            cpu.random(c, 1234, 77, normal);
            gpu.random(g, 1234, 77, normal);
            if (normal) assertNear(c, g, 1e-6, 1e-6, "normal");
            else assertExact(c, g, "uniform");
        }
    }

    // ---------------------------------------------------------------- reductions

    @Test
    void reduceRowsAndColumns() {
        NDArray x = uniform(60, 0, 1, 7, 300, 5);
        NDArray xg = cuda(x);
        int[][] splits = {{7, 300, 5}, {7 * 300, 5, 1}, {1, 7 * 300 * 5, 1}, {7, 1500, 1}, {1, 7, 1500}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] s : splits) {
                NDArray want = cpu.reduce(op, x, s[0], s[1], s[2]), got = gpu.reduce(op, xg, s[0], s[1], s[2]);
                if (op == ReduceOp.SUM) assertNear(want, got, 1e-5, 1e-5, op + " " + List.of(s[0], s[1], s[2]));
                else assertExact(want, got, op + " " + List.of(s[0], s[1], s[2]));
            }
        }
    }

    @Test
    void argmaxAndSoftmax() {
        NDArray x = randn(70, 13, 37);
        assertExact(cpu.argmax(x, 13, 37), gpu.argmax(cuda(x), 13, 37), "argmax");
        for (int n : new int[] {37, 3000}) {
            NDArray y = randn(71 + n, 5, n);
            for (boolean log : new boolean[] {false, true})
                assertNear(cpu.softmax(y, 5, n, log), gpu.softmax(cuda(y), 5, n, log), 1e-5, 1e-7, "softmax n=" + n + " log=" + log);
        }
    }

    // ---------------------------------------------------------------- matmul

    private void checkMatmul(Pair a, Pair b, String what) {
        int k = a.cpu().size(2);
        NDArray want = cpu.matmul(a.cpu(), b.cpu());
        assertNear(want, gpu.matmul(a.gpu(), b.gpu()), 1e-4, 1e-4 * Math.sqrt(k), what + " fp32");
        CudaBackend.setAllowTf32(true);
        try {
            assertNear(want, gpu.matmul(a.gpu(), b.gpu()), 5e-3, 5e-3 * Math.sqrt(k), what + " tf32");
        } finally {
            CudaBackend.setAllowTf32(false);
        }
    }

    @Test
    void matmulLayouts() {
        Pair a = Pair.of(randn(80, 3, 33, 65)), b = Pair.of(randn(81, 3, 65, 47));
        checkMatmul(a, b, "contiguous");
        checkMatmul(a, Pair.of(randn(82, 3, 47, 65)).view(x -> x.transpose(1, 2)), "transposed b");
        checkMatmul(Pair.of(randn(83, 3, 65, 33)).view(x -> x.transpose(1, 2)), b, "transposed a");
        checkMatmul(a, Pair.of(randn(84, 1, 65, 47)).view(x -> x.expand(3, 65, 47)), "broadcast batch");
        checkMatmul(Pair.of(randn(85, 3, 40, 70)).view(x -> x.narrow(1, 3, 33).narrow(2, 5, 65)), b, "sliced a");
        checkMatmul(Pair.of(randn(86, 1, 300, 200)), Pair.of(randn(87, 1, 200, 260)), "multi-tile");
    }

    @Test
    void matmulThroughNDArray() {
        NDArray a = randn(90, 2, 4, 9), b = randn(91, 9, 5);
        NDArray want = a.transpose(1, 2).transpose(1, 2).matmul(b);
        assertNear(want, cuda(a).matmul(cuda(b)), 1e-4, 1e-4 * 3, "NDArray.matmul");
    }

    // ---------------------------------------------------------------- indexing

    @Test
    void gatherAndScatterAdd() {
        NDArray x = randn(100, 3, 7, 4), idx = indices(101, 7, 3, 5, 4);
        assertExact(cpu.gather(x, 3, 7, 4, idx, 5), gpu.gather(cuda(x), 3, 7, 4, cuda(idx), 5), "gather");
        NDArray src = randn(102, 3, 5, 4);
        assertExact(cpu.scatterAdd(src, 3, 5, 4, idx, 7), gpu.scatterAdd(cuda(src), 3, 5, 4, cuda(idx), 7), "scatterAdd");
        NDArray bad = NDArray.of(new float[] {0, 7, 1}, 3);
        // a bad index throws at the next read-back (the check is deferred, see IndexCheck), naming the op
        var e = assertThrows(IndexOutOfBoundsException.class, () -> gpu.gather(cuda(randn(1, 7)), 1, 7, 1, cuda(bad), 3).toFloatArray());
        assertTrue(e.getMessage().startsWith("gather: index 7.0 "), e.getMessage());
        var s = assertThrows(IndexOutOfBoundsException.class,
                () -> gpu.scatterAdd(cuda(randn(2, 3)), 1, 3, 1, cuda(NDArray.of(new float[] {0, 1.5f, 1}, 3)), 7).toFloatArray());
        assertTrue(s.getMessage().startsWith("scatterAdd: index 1.5 "), s.getMessage());
    }

    // ---------------------------------------------------------------- batch normalisation

    @Test
    void batchNorm() {
        int n = 4, c = 3, l = 50;
        NDArray x = randn(110, n, c, l), g = randn(111, n, c, l);
        NDArray[] sc = cpu.channelStats(x, n, c, l), sg = gpu.channelStats(cuda(x), n, c, l);
        assertNear(sc[0], sg[0], 1e-5, 1e-6, "mean");
        assertNear(sc[1], sg[1], 1e-5, 1e-6, "var");
        NDArray scale = randn(112, c), shift = randn(113, c);
        for (boolean relu : new boolean[] {false, true}) {
            assertNear(cpu.channelAffine(x, n, c, l, scale, shift, relu), gpu.channelAffine(cuda(x), n, c, l, cuda(scale), cuda(shift), relu),
                    1e-5, 1e-6, "channelAffine relu=" + relu);
        }
        NDArray mean = sc[0], invstd = uniform(114, 0.5, 2, c), gamma = randn(115, c);
        NDArray reluOut = randn(116, n, c, l).relu(); // a mask independent of x: both backends mask the same entries
        for (boolean training : new boolean[] {true, false}) {
            for (NDArray mask : new NDArray[] {null, reluOut}) {
                NDArray[] want = cpu.batchNormBackward(g, mask, x, n, c, l, mean, invstd, gamma, training);
                NDArray[] got = gpu.batchNormBackward(cuda(g), mask == null ? null : cuda(mask), cuda(x), n, c, l, cuda(mean),
                        cuda(invstd), cuda(gamma), training);
                String[] names = {"dx", "dgamma", "dbeta"};
                for (int i = 0; i < 3; i++)
                    assertNear(want[i], got[i], 1e-5, 1e-5, names[i] + " training=" + training + " relu=" + (mask != null));
            }
        }
    }

    // ---------------------------------------------------------------- convolution and pooling

    private void checkConv(ConvGeometry g, long seed, double rtol, String what) {
        NDArray x = randn(seed, g.inputSize()), w = randn(seed + 1, g.weightSize()), gy = randn(seed + 2, g.outputSize());
        int kFwd = g.inChannels() * g.kernelH() * g.kernelW();
        int kIn = g.outChannels() * g.kernelH() * g.kernelW();
        int kW = g.batch() * g.outHeight() * g.outWidth();
        assertNear(cpu.conv2d(x, w, g), gpu.conv2d(cuda(x), cuda(w), g), rtol, rtol * Math.sqrt(kFwd), what + " forward");
        assertNear(cpu.conv2dBackwardInput(gy, w, g), gpu.conv2dBackwardInput(cuda(gy), cuda(w), g), rtol, rtol * Math.sqrt(kIn),
                what + " backward-input");
        assertNear(cpu.conv2dBackwardWeight(x, gy, g), gpu.conv2dBackwardWeight(cuda(x), cuda(gy), g), rtol, rtol * Math.sqrt(kW),
                what + " backward-weight");
    }

    @Test
    void conv2dAllPasses() {
        ConvGeometry[] geometries = {
            new ConvGeometry(2, 3, 9, 9, 4, 3, 3, 1, 1, 1, 1),
            new ConvGeometry(2, 5, 11, 7, 6, 3, 3, 2, 2, 1, 1),
            new ConvGeometry(1, 2, 5, 5, 3, 1, 1, 1, 1, 0, 0),
            new ConvGeometry(8, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1), // K = 8192: split-K with a workspace
        };
        for (ConvGeometry g : geometries) {
            checkConv(g, 120, 1e-4, g + " fp32");
            CudaBackend.setAllowTf32(true);
            try {
                checkConv(g, 130, 5e-3, g + " tf32");
            } finally {
                CudaBackend.setAllowTf32(false);
            }
        }
    }

    @Test
    void pooling() {
        PoolGeometry[] geometries = {
            new PoolGeometry(2, 3, 8, 8, 2, 2, 2, 2, 0, 0),
            new PoolGeometry(1, 2, 7, 9, 3, 3, 2, 2, 1, 1),
        };
        for (PoolGeometry g : geometries) {
            NDArray x = randn(140, g.inputSize()), gy = randn(141, g.outputSize());
            NDArray[] want = cpu.maxPool2d(x, g), got = gpu.maxPool2d(cuda(x), g);
            assertExact(want[0], got[0], "maxPool2d values " + g);
            assertExact(want[1], got[1], "maxPool2d argmax " + g);
            assertExact(cpu.maxPool2dBackward(gy, want[1], g), gpu.maxPool2dBackward(cuda(gy), got[1], g), "maxPool2dBackward " + g);
            assertExact(cpu.avgPool2d(x, g), gpu.avgPool2d(cuda(x), g), "avgPool2d " + g);
            assertExact(cpu.avgPool2dBackward(gy, g), gpu.avgPool2dBackward(cuda(gy), g), "avgPool2dBackward " + g);
        }
        PoolGeometry g = geometries[0];
        NDArray badIndex = NDArray.full(64, g.outputSize());
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> gpu.maxPool2dBackward(cuda(randn(1, g.outputSize())), cuda(badIndex), g).toFloatArray());
        assertTrue(e.getMessage().startsWith("maxPool2dBackward: index 64.0 "), e.getMessage());
    }

    // ---------------------------------------------------------------- through NDArray

    @Test
    void ndarrayOpsRunOnTheGpu() {
        NDArray x = randn(150, 4, 6, 5);
        NDArray xg = cuda(x);
        assertNear(x.sum(1, false), xg.sum(1, false), 1e-5, 1e-5, "sum(dim 1)");
        assertNear(x.transpose(0, 2).softmax(1), xg.transpose(0, 2).softmax(1), 1e-5, 1e-7, "softmax of a transpose");
        assertExact(x.narrow(1, 2, 3).relu().add(x.narrow(1, 0, 3)), xg.narrow(1, 2, 3).relu().add(xg.narrow(1, 0, 3)),
                "relu + add of slices");
        assertExact(x.amax(new int[] {0, 2}, true), xg.amax(new int[] {0, 2}, true), "amax");
    }

    // ---------------------------------------------------------------- multi-tensor optimiser updates and clipping

    /** Sizes around optim.cu's 16,384-element chunk, a 1-element and an empty parameter. */
    private static final int[][] PARAMS = {{7, 5}, {20001}, {1}, {64, 3, 3, 3}, {0}, {16384}, {2, 16385}};

    /**
     * sgdSteps (one sgd_multi_f32 launch) gives the CPU's per-parameter sgdStep bit for bit, over
     * three steps in which parameters start their momentum at different steps; and a later step
     * finds the device table the first step wrote (no new one).
     */
    @Test
    void sgdStepsMatchTheCpusPerParameterUpdateBitForBit() {
        for (float momentum : new float[] {0.9f, 0f}) {
            List<NDArray> wc = new ArrayList<>(), wg = new ArrayList<>(), vc = new ArrayList<>(), vg = new ArrayList<>();
            for (int k = 0; k < PARAMS.length; k++) {
                NDArray w = uniform(300 + k, -1, 1, PARAMS[k]), v = uniform(310 + k, -1, 1, PARAMS[k]);
                wc.add(w.copy());
                wg.add(cuda(w));
                vc.add(v.copy());
                vg.add(cuda(v));
            }
            int tables = -1;
            for (int step = 0; step < 3; step++) {
                List<NDArray> gg = new ArrayList<>();
                boolean[] first = new boolean[PARAMS.length];
                for (int k = 0; k < PARAMS.length; k++) {
                    NDArray g = uniform(320 + 10 * step + k, -1, 1, PARAMS[k]);
                    first[k] = step == k % 3;
                    ((FusedOptimizers) cpu).sgdStep(wc.get(k), g, momentum != 0 ? vc.get(k) : null, 0.05f, momentum, 1e-3f, first[k]);
                    gg.add(cuda(g));
                }
                ((FusedOptimizers) gpu).sgdSteps(wg, gg, momentum != 0 ? vg : null, first, 0.05f, momentum, 1e-3f);
                if (gpu instanceof CudaBackend b) {
                    if (step == 0) tables = b.optimizerTables();
                    else assertEquals(tables, b.optimizerTables(), "the table of step 0 is found again");
                }
            }
            for (int k = 0; k < PARAMS.length; k++) {
                assertExact(wc.get(k), wg.get(k), "sgdSteps w" + k + " momentum " + momentum);
                if (momentum != 0) assertExact(vc.get(k), vg.get(k), "sgdSteps v" + k);
            }
        }
    }

    /** adamSteps (one adam_multi_f32 launch), each parameter at its own step, gives the CPU's adamStep bit for bit. */
    @Test
    void adamStepsMatchTheCpusPerParameterUpdateBitForBit() {
        List<NDArray> wc = new ArrayList<>(), wg = new ArrayList<>(), mc = new ArrayList<>(), mg = new ArrayList<>(),
                vc = new ArrayList<>(), vg = new ArrayList<>();
        for (int k = 0; k < PARAMS.length; k++) {
            NDArray w = uniform(400 + k, -1, 1, PARAMS[k]);
            wc.add(w.copy());
            wg.add(cuda(w));
            mc.add(NDArray.zeros(PARAMS[k]));
            mg.add(cuda(NDArray.zeros(PARAMS[k])));
            vc.add(NDArray.zeros(PARAMS[k]));
            vg.add(cuda(NDArray.zeros(PARAMS[k])));
        }
        for (int step = 0; step < 3; step++) {
            List<NDArray> gg = new ArrayList<>();
            float[] c2 = new float[PARAMS.length], stepSize = new float[PARAMS.length];
            for (int k = 0; k < PARAMS.length; k++) {
                int t = step + 1 + k % 2;      // parameters at different step counts
                c2[k] = (float) (1 - Math.pow(0.999, t));
                stepSize[k] = (float) (1e-2 / (1 - Math.pow(0.9, t)));
                NDArray g = uniform(420 + 10 * step + k, -1, 1, PARAMS[k]);
                ((FusedOptimizers) cpu).adamStep(wc.get(k), g, mc.get(k), vc.get(k), 0.9f, (float) (1 - 0.9), 0.999f, (float) (1 - 0.999), 1e-8f, 1e-2f,
                        c2[k], stepSize[k]);
                gg.add(cuda(g));
            }
            ((FusedOptimizers) gpu).adamSteps(wg, gg, mg, vg, 0.9f, (float) (1 - 0.9), 0.999f, (float) (1 - 0.999), 1e-8f, 1e-2f, c2, stepSize);
        }
        for (int k = 0; k < PARAMS.length; k++) {
            assertExact(wc.get(k), wg.get(k), "adamSteps w" + k);
            assertExact(mc.get(k), mg.get(k), "adamSteps m" + k);
            assertExact(vc.get(k), vg.get(k), "adamSteps v" + k);
        }
    }

    /**
     * clipGradNorm on the device (two launches, nothing read back) gives bit for bit what the
     * composition (square, sum, item in a double, sqrt, mul) gives on the same backend, clipping or
     * not, with a strided gradient among them; and the CPU's within summation rounding.
     */
    @Test
    void clipGradNormOnTheDeviceMatchesTheCompositionBitForBit() {
        for (double maxNorm : new double[] {1.0, 1e6}) {
            List<NDArray> gc = new ArrayList<>(), gg = new ArrayList<>();
            for (int k = 0; k < PARAMS.length; k++) {
                NDArray g = uniform(500 + k, -1, 1, PARAMS[k]);
                gc.add(g);
                gg.add(cuda(g));
            }
            NDArray strided = uniform(510, -1, 1, 9, 4);
            gc.add(strided.transpose(0, 1));
            gg.add(cuda(strided).transpose(0, 1));
            double sq = 0;
            for (NDArray g : gg) sq += g.square().sum().item();
            double norm = Math.sqrt(sq), coef = maxNorm / (norm + 1e-6);
            NDArray[] got = ((FusedOptimizers) gpu).clipGradNorm(gg, maxNorm);
            assertEquals((float) norm, got[0].item(), 0.0, "the norm, as the composition on the device gives it");
            assertEquals(0, got[0].dim());
            for (int k = 0; k < gg.size(); k++)
                assertExact(coef < 1 ? gg.get(k).mul(coef) : gg.get(k), got[k + 1], "clipped gradient " + k + " maxNorm " + maxNorm);
            NDArray[] want = ((FusedOptimizers) cpu).clipGradNorm(gc, maxNorm);
            assertEquals(want[0].item(), got[0].item(), 1e-5 * want[0].item(), "the norm against the CPU's");
            for (int k = 0; k < gg.size(); k++) assertNear(want[k + 1], got[k + 1], 1e-5, 1e-7, "against the CPU, gradient " + k);
        }
    }
}
