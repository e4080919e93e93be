package ionas.tensor.cpu;

import ionas.kernels.BinaryOp;
import ionas.kernels.Philox;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.cpu.BatchNormKernels;
import ionas.kernels.cpu.Conv2dKernels;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.cpu.ElementwiseKernels;
import ionas.kernels.cpu.Gemm;
import ionas.kernels.cpu.OptimizerKernels;
import ionas.kernels.cpu.Parallel;
import ionas.kernels.geometry.PoolGeometry;
import ionas.kernels.cpu.PoolKernels;
import ionas.kernels.cpu.ReduceKernels;
import ionas.kernels.cpu.Reference;
import ionas.kernels.cpu.SoftmaxKernels;
import ionas.kernels.cpu.VectorSupport;
import ionas.tensor.Backend;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import ionas.tensor.Storage;
import java.util.Arrays;

/**
 * The CPU backend: float32 runs the fast kernels of {@code ionas.kernels.cpu}, float64 runs their
 * plain double-precision reference loops (it exists for gradient checks, where exactness matters
 * and speed does not).
 */
public final class CpuBackend implements Backend, FusedOptimizers {
    public static final CpuBackend INSTANCE = new CpuBackend(Device.CPU);

    /**
     * Set by the test runs ({@code -Dionas.poisonUninitialized=true}): arrays allocated
     * uninitialised are filled with NaN instead of left as they come (a fresh array's zeros, a
     * pooled one's last contents), so a kernel that leaves part of an output unwritten, or reads
     * it before writing, fails its value checks instead of passing on zeros it was not promised.
     */
    static final boolean POISON_UNINITIALIZED = Boolean.getBoolean("ionas.poisonUninitialized");

    private final Device device;

    private CpuBackend(Device device) {
        this.device = device;
    }

    /**
     * A backend that computes on the CPU but calls its arrays {@code device}'s, installed with
     * {@code Backends.registerCuda} in tests: code that moves a model or its data to a device can
     * then be checked, without that device, for arrays left behind on the CPU (mixing devices is
     * an error), and its results compared with the plain CPU run bit for bit.
     */
    public static CpuBackend simulating(Device device) {
        return new CpuBackend(device);
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String describe() {
        return (device.equals(Device.CPU) ? "cpu: " : device + " simulated on the cpu: ") + Parallel.threads() + " threads, "
                + VectorSupport.describe() + "; " + Gemm.describeBlocking();
    }

    // ---------------------------------------------------------------- storage access

    private static float[] f(NDArray x) { return ((CpuStorage) x.storage()).floats(); }
    private static double[] d(NDArray x) { return ((CpuStorage) x.storage()).doubles(); }
    private static boolean isDouble(NDArray x) { return x.dtype() == DType.FLOAT64; }

    /**
     * The array a kernel is about to write in full. Every kernel of {@code ionas.kernels.cpu}
     * overwrites its outputs and never reads them (the ones that scatter zero their planes
     * themselves), so no zero fill first: a training step's outputs are megabytes, and filling a
     * pooled array whose lines the other core wrote last moves each line between the cores. On a
     * 2-vCPU Zen 5 VM (2026-12-06) the fills cost the NAS-Bench-101 step 30 against 41 steps/s
     * while such moves were slow, 55-58 against 61-62 otherwise.
     */
    private NDArray output(DType dtype, int... shape) {
        return new NDArray(allocateUninitialized(dtype, Shapes.numel(shape)), shape);
    }

    private CpuStorage storage(float[] v) { return new CpuStorage(v, null, device); }
    private CpuStorage storage(double[] v) { return new CpuStorage(null, v, device); }

    // ---------------------------------------------------------------- memory

    @Override
    public Storage allocate(DType dtype, int size) {
        return allocate(dtype, size, true);
    }

    @Override
    public Storage allocateUninitialized(DType dtype, int size) {
        return allocate(dtype, size, false);
    }

    /**
     * Inside a {@link MemoryScope}, float arrays come from this thread's {@link ArrayPool} when it
     * has one of the size, and the scope returns them there; outside any scope, the collector's.
     */
    private Storage allocate(DType dtype, int size, boolean zero) {
        if (dtype != DType.FLOAT32) {
            double[] d = new double[size];
            if (!zero && POISON_UNINITIALIZED) Arrays.fill(d, Double.NaN);
            return storage(d);
        }
        boolean scoped = MemoryScope.isOpen();
        float[] a = scoped ? ArrayPool.take(size) : null;
        if (a == null) a = new float[size]; // the JVM's zeros
        else if (zero) Arrays.fill(a, 0f);
        if (!zero && POISON_UNINITIALIZED) Arrays.fill(a, Float.NaN);
        if (!scoped) return storage(a);
        CpuStorage s = new CpuStorage(a, null, device, true);
        MemoryScope.adopt(s);
        return s;
    }

    @Override public Storage fromArray(float[] values) { return storage(values); }
    @Override public Storage fromArray(double[] values) { return storage(values); }

    @Override
    public float[] toFloatArray(NDArray x) {
        if (!isDouble(x)) return f(x.copy());
        double[] v = d(x.copy());
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    @Override
    public double[] toDoubleArray(NDArray x) {
        if (isDouble(x)) return d(x.copy());
        float[] v = f(x.copy());
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    @Override
    public void copyInto(NDArray dst, NDArray src) {
        if (dst.dtype() != src.dtype()) src = cast(src, dst.dtype());
        NDArray s = src;
        int[][] strides = {dst.strides(), s.strides()};
        int[] offsets = {dst.offset(), s.offset()};
        if (isDouble(dst)) {
            double[] y = d(dst), x = d(s);
            StridedLoop.run(dst.shape(), strides, offsets, (o, st, n) -> {
                for (int i = 0; i < n; i++) y[o[0] + i * st[0]] = x[o[1] + i * st[1]];
            });
        } else {
            float[] y = f(dst), x = f(s);
            StridedLoop.run(dst.shape(), strides, offsets, (o, st, n) -> {
                if (st[0] == 1 && st[1] == 1) System.arraycopy(x, o[1], y, o[0], n);
                else for (int i = 0; i < n; i++) y[o[0] + i * st[0]] = x[o[1] + i * st[1]];
            });
        }
    }

    @Override
    public void fill(NDArray out, double value) {
        if (isDouble(out)) Arrays.fill(d(out), value);
        else Arrays.fill(f(out), (float) value);
    }

    @Override
    public NDArray cast(NDArray x, DType dtype) {
        if (x.dtype() == dtype) return x.copy();
        return dtype == DType.FLOAT64
                ? new NDArray(storage(toDoubleArray(x)), x.shape())
                : new NDArray(storage(toFloatArray(x)), x.shape());
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public NDArray unary(UnaryOp op, NDArray x) {
        NDArray out = output(x.dtype(), x.shape());
        int[][] strides = {out.strides(), x.strides()};
        int[] offsets = {0, x.offset()};
        if (isDouble(x)) {
            double[] y = d(out), a = d(x);
            StridedLoop.run(x.shape(), strides, offsets, (o, st, n) -> ElementwiseKernels.unary(op, a, o[1], st[1], y, o[0], n));
        } else {
            float[] y = f(out), a = f(x);
            StridedLoop.run(x.shape(), strides, offsets, (o, st, n) -> ElementwiseKernels.unary(op, a, o[1], st[1], y, o[0], n));
        }
        return out;
    }

    @Override
    public NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        NDArray out = output(a.dtype(), a.shape());
        int[][] strides = {out.strides(), a.strides(), b.strides()};
        int[] offsets = {0, a.offset(), b.offset()};
        if (isDouble(a)) {
            double[] y = d(out), xa = d(a), xb = d(b);
            StridedLoop.run(a.shape(), strides, offsets,
                    (o, st, n) -> ElementwiseKernels.binary(op, xa, o[1], st[1], xb, o[2], st[2], y, o[0], n));
        } else {
            float[] y = f(out), xa = f(a), xb = f(b);
            StridedLoop.run(a.shape(), strides, offsets,
                    (o, st, n) -> ElementwiseKernels.binary(op, xa, o[1], st[1], xb, o[2], st[2], y, o[0], n));
        }
        return out;
    }

    @Override
    public NDArray where(NDArray cond, NDArray a, NDArray b) {
        NDArray out = output(a.dtype(), a.shape());
        int[][] strides = {out.strides(), cond.strides(), a.strides(), b.strides()};
        int[] offsets = {0, cond.offset(), a.offset(), b.offset()};
        if (isDouble(a)) {
            double[] y = d(out), c = d(cond), xa = d(a), xb = d(b);
            StridedLoop.run(a.shape(), strides, offsets,
                    (o, st, n) -> ElementwiseKernels.where(c, o[1], st[1], xa, o[2], st[2], xb, o[3], st[3], y, o[0], n));
        } else {
            float[] y = f(out), c = f(cond), xa = f(a), xb = f(b);
            StridedLoop.run(a.shape(), strides, offsets,
                    (o, st, n) -> ElementwiseKernels.where(c, o[1], st[1], xa, o[2], st[2], xb, o[3], st[3], y, o[0], n));
        }
        return out;
    }

    @Override
    public void random(NDArray out, long seed, long offset, boolean normal) {
        int n = out.numel();
        if (isDouble(out)) {
            double[] y = d(out);
            Parallel.forEach(n, n * 20L, i -> y[i] = normal ? Philox.normal(seed, offset + i) : Philox.uniform(seed, offset + i));
        } else {
            float[] y = f(out);
            Parallel.forEach(n, n * 20L, i -> y[i] = normal ? (float) Philox.normal(seed, offset + i) : Philox.uniform(seed, offset + i));
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public NDArray reduce(ReduceOp op, NDArray x, int outer, int reduced, int inner) {
        NDArray out = output(x.dtype(), outer * inner);
        if (isDouble(x)) ReduceKernels.reduce(op, d(x), outer, reduced, inner, d(out));
        else ReduceKernels.reduce(op, f(x), outer, reduced, inner, f(out));
        return out;
    }

    @Override
    public NDArray argmax(NDArray x, int rows, int n) {
        int[] idx = new int[rows];
        if (isDouble(x)) ReduceKernels.argmaxRows(d(x), rows, n, idx);
        else ReduceKernels.argmaxRows(f(x), rows, n, idx);
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) out[i] = idx[i];
        return new NDArray(storage(out), rows);
    }

    @Override
    public NDArray softmax(NDArray x, int rows, int n, boolean log) {
        NDArray out = output(x.dtype(), x.numel());
        if (isDouble(x)) SoftmaxKernels.softmax(d(x), d(out), rows, n, log);
        else SoftmaxKernels.softmax(f(x), f(out), rows, n, log);
        return out;
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public NDArray matmul(NDArray a, NDArray b) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        NDArray out = output(a.dtype(), batch, m, n);
        Layout la = Layout.of(a), lb = Layout.of(b);
        NDArray ca = la.source, cb = lb.source;
        int[] sa = ca.strides(), sb = cb.strides();
        // Parallelise over the batch only when each product is too small for the GEMM to split well.
        boolean perMatrixThreads = (long) m * n * k >= 1 << 18 || batch == 1;
        Parallel.RangeBody body = (from, to) -> {
            for (int i = from; i < to; i++) {
                int aOff = ca.offset() + i * sa[0], bOff = cb.offset() + i * sb[0], cOff = i * m * n;
                if (isDouble(a)) Reference.gemm(la.trans, lb.trans, m, n, k, d(ca), aOff, la.ld, d(cb), bOff, lb.ld, 0, d(out), cOff, n);
                else Gemm.sgemm(la.trans, lb.trans, m, n, k, f(ca), aOff, la.ld, f(cb), bOff, lb.ld, 0, f(out), cOff, n);
            }
        };
        if (perMatrixThreads) body.run(0, batch);
        else Parallel.forRange(batch, (long) batch * m * n * k, body);
        return out;
    }

    /**
     * How GEMM can read one operand of a batched product without copying it: row-major (the last
     * stride is 1), column-major (the second-to-last stride is 1, read as transposed) or else a
     * contiguous copy.
     */
    private record Layout(NDArray source, boolean trans, int ld) {
        static Layout of(NDArray x) {
            int[] s = x.strides(), sh = x.shape();
            if (s[2] == 1 && (s[1] >= sh[2] || sh[1] == 1)) return new Layout(x, false, Math.max(s[1], sh[2]));
            if (s[1] == 1 && (s[2] >= sh[1] || sh[2] == 1)) return new Layout(x, true, Math.max(s[2], sh[1]));
            NDArray c = x.contiguous();
            return new Layout(c, false, sh[2]);
        }
    }

    // ---------------------------------------------------------------- indexing

    @Override
    public NDArray gather(NDArray x, int outer, int xDim, int inner, NDArray index, int iDim) {
        NDArray out = output(x.dtype(), outer * iDim * inner);
        int[] idx = indices("gather", index, xDim);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < iDim; j++) {
                int row = (o * iDim + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int src = (o * xDim + idx[row + i]) * inner + i;
                    if (isDouble(x)) d(out)[row + i] = d(x)[src];
                    else f(out)[row + i] = f(x)[src];
                }
            }
        }
        return out;
    }

    @Override
    public NDArray scatterAdd(NDArray src, int outer, int iDim, int inner, NDArray index, int outDim) {
        NDArray out = NDArray.zeros(src.dtype(), device, outer * outDim * inner); // scattered into: starts at 0
        int[] idx = indices("scatterAdd", index, outDim);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < iDim; j++) {
                int row = (o * iDim + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int dst = (o * outDim + idx[row + i]) * inner + i;
                    if (isDouble(src)) d(out)[dst] += d(src)[row + i];
                    else f(out)[dst] += f(src)[row + i];
                }
            }
        }
        return out;
    }

    /** The index values as ints, each checked to be a whole number in [0, bound). */
    /**
     * A per-thread int array of at least {@code n} elements, for an op's indices that live only
     * while the op runs (max-pool's argmax before it becomes a float tensor, the checked indices of
     * gather, scatter and max-pool's backward): one array per step, not one per call.
     */
    private static int[] intScratch(int n) {
        int[][] holder = INT_SCRATCH.get();
        if (holder[0].length < n) holder[0] = new int[n];
        return holder[0];
    }

    private static final ThreadLocal<int[][]> INT_SCRATCH = ThreadLocal.withInitial(() -> new int[][] {new int[0]});

    /** The first {@code index.numel()} entries of the returned scratch array are the checked indices. */
    private int[] indices(String op, NDArray index, int bound) {
        int n = index.numel();
        int[] out = intScratch(n); // may be longer than n
        if (!isDouble(index) && index.isContiguous()) {
            // The common case (max-pool's argmax, every backward step): read in place, no copy,
            // in parallel chunks as the pooling kernels split the same planes.
            float[] v = f(index);
            int o = index.offset();
            Parallel.forRange(n, n, (from, to) -> {
                for (int i = from; i < to; i++) out[i] = checkedIndex(op, v[o + i], bound);
            });
        } else {
            double[] v = toDoubleArray(index);
            for (int i = 0; i < n; i++) out[i] = checkedIndex(op, v[i], bound);
        }
        return out;
    }

    /** As {@link #checkedIndex(String, double, int)}, without its rounding: a float whose int conversion is exact and in range. */
    private static int checkedIndex(String op, float v, int bound) {
        int i = (int) v;
        return i == v && i >= 0 && i < bound ? i : checkedIndex(op, (double) v, bound);
    }

    private static int checkedIndex(String op, double v, int bound) {
        if (v != Math.rint(v) || v < 0 || v >= bound)
            throw new IndexOutOfBoundsException(op + ": index " + v + " is not a whole number in [0, " + bound + ")");
        return (int) v;
    }

    // ---------------------------------------------------------------- batch normalisation

    @Override
    public NDArray[] channelStats(NDArray x, int n, int c, int l) {
        NDArray mean = output(x.dtype(), c), var = output(x.dtype(), c);
        if (isDouble(x)) BatchNormKernels.stats(d(x), n, c, l, d(mean), d(var));
        else BatchNormKernels.stats(f(x), n, c, l, f(mean), f(var));
        return new NDArray[] {mean, var};
    }

    @Override
    public NDArray channelAffine(NDArray x, int n, int c, int l, NDArray scale, NDArray shift, boolean relu) {
        NDArray y = output(x.dtype(), x.shape());
        if (isDouble(x)) BatchNormKernels.affine(d(x), n, c, l, d(scale), d(shift), relu, d(y));
        else BatchNormKernels.affine(f(x), n, c, l, f(scale), f(shift), relu, f(y));
        return y;
    }

    @Override
    public NDArray[] batchNormParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        int c = mean.numel();
        NDArray invstd = output(mean.dtype(), c), scale = output(mean.dtype(), c), shift = output(mean.dtype(), c);
        if (isDouble(mean)) {
            BatchNormKernels.params(d(mean), d(var), d(gamma), d(beta), eps == 0 ? 0.0 : eps, c, d(invstd), d(scale), d(shift));
        } else {
            // the float the composed var.add(eps) fills its scalar operand with
            BatchNormKernels.params(f(mean), f(var), f(gamma), f(beta), Backend.scalarOperand(eps), c, f(invstd), f(scale), f(shift));
        }
        return new NDArray[] {invstd, scale, shift};
    }

    @Override
    public NDArray[] channelStatsAndParams(NDArray x, int n, int c, int l, NDArray gamma, NDArray beta, double eps) {
        NDArray[] stats = channelStats(x, n, c, l);
        NDArray[] p = batchNormParams(stats[0], stats[1], gamma, beta, eps);
        return new NDArray[] {stats[0], stats[1], p[0], p[1], p[2]};
    }

    /**
     * One loop over the channels for float32 arrays (the running ones contiguous, updated where
     * they are); other dtypes, mixed ones included, take the composed definition.
     */
    @Override
    public void batchNormUpdateRunning(NDArray runningMean, NDArray runningVar, NDArray batchesTracked, NDArray mean,
                                       NDArray biasedVar, double momentum, int n) {
        NDArray[] all = {runningMean, runningVar, batchesTracked, mean, biasedVar};
        boolean fused = true;
        for (NDArray a : all) fused &= a.dtype() == DType.FLOAT32;
        for (int i = 0; i < 3; i++) fused &= all[i].isContiguous();
        if (!fused) {
            Backend.super.batchNormUpdateRunning(runningMean, runningVar, batchesTracked, mean, biasedVar, momentum, n);
            return;
        }
        NDArray m = mean.contiguous(), v = biasedVar.contiguous();
        BatchNormKernels.updateRunning(f(runningMean), runningMean.offset(), f(runningVar), runningVar.offset(), f(batchesTracked),
                batchesTracked.offset(), f(m), 0, f(v), 0, runningMean.numel(), Backend.scalarOperand(n / (double) Math.max(n - 1, 1)),
                Backend.scalarOperand(1 - momentum), Backend.scalarOperand(momentum));
    }

    @Override
    public NDArray[] batchNormBackward(NDArray g, NDArray reluOut, NDArray x, int n, int c, int l, NDArray mean, NDArray invstd,
                                       NDArray gamma, boolean training) {
        NDArray dx = output(x.dtype(), x.shape()), dgamma = output(x.dtype(), c), dbeta = output(x.dtype(), c);
        if (isDouble(x)) {
            BatchNormKernels.backward(d(g), reluOut == null ? null : d(reluOut), d(x), n, c, l, d(mean), d(invstd), d(gamma),
                    training, d(dx), d(dgamma), d(dbeta));
        } else {
            BatchNormKernels.backward(f(g), reluOut == null ? null : f(reluOut), f(x), n, c, l, f(mean), f(invstd), f(gamma),
                    training, f(dx), f(dgamma), f(dbeta));
        }
        return new NDArray[] {dx, dgamma, dbeta};
    }

    // ---------------------------------------------------------------- convolution and pooling

    @Override
    public NDArray conv2d(NDArray x, NDArray w, ConvGeometry g) {
        NDArray y = output(x.dtype(), g.outputSize());
        if (isDouble(x)) Reference.conv2dForward(g, d(x), d(w), d(y));
        else Conv2dKernels.forward(g, f(x), f(w), f(y));
        return y;
    }

    @Override
    public NDArray conv2dBackwardInput(NDArray gy, NDArray w, ConvGeometry g) {
        NDArray gx = output(gy.dtype(), g.inputSize());
        if (isDouble(gy)) Reference.conv2dBackwardInput(g, d(gy), d(w), d(gx));
        else Conv2dKernels.backwardInput(g, f(gy), f(w), f(gx));
        return gx;
    }

    @Override
    public NDArray conv2dBackwardWeight(NDArray x, NDArray gy, ConvGeometry g) {
        NDArray gw = output(gy.dtype(), g.weightSize());
        if (isDouble(gy)) Reference.conv2dBackwardWeight(g, d(x), d(gy), d(gw));
        else Conv2dKernels.backwardWeight(g, f(x), f(gy), f(gw));
        return gw;
    }

    @Override
    public NDArray[] maxPool2d(NDArray x, PoolGeometry g) {
        NDArray y = output(x.dtype(), g.outputSize());
        int[] argmax = intScratch(g.outputSize());
        if (isDouble(x)) Reference.maxPool2dForward(g, d(x), d(y), argmax);
        else PoolKernels.maxPool2dForward(g, f(x), f(y), argmax);
        NDArray indices = output(DType.FLOAT32, g.outputSize());
        float[] idx = f(indices);
        for (int i = 0; i < idx.length; i++) idx[i] = argmax[i];
        return new NDArray[] {y, indices};
    }

    @Override
    public NDArray maxPool2dBackward(NDArray gy, NDArray argmax, PoolGeometry g) {
        NDArray gx = output(gy.dtype(), g.inputSize());
        int[] idx = indices("maxPool2dBackward", argmax, g.height() * g.width());
        if (isDouble(gy)) Reference.maxPool2dBackward(g, d(gy), idx, d(gx));
        else PoolKernels.maxPool2dBackward(g, f(gy), idx, f(gx));
        return gx;
    }

    @Override
    public NDArray avgPool2d(NDArray x, PoolGeometry g) {
        NDArray y = output(x.dtype(), g.outputSize());
        if (isDouble(x)) Reference.avgPool2dForward(g, d(x), d(y));
        else PoolKernels.avgPool2dForward(g, f(x), f(y));
        return y;
    }

    @Override
    public NDArray avgPool2dBackward(NDArray gy, PoolGeometry g) {
        NDArray gx = output(gy.dtype(), g.inputSize());
        if (isDouble(gy)) Reference.avgPool2dBackward(g, d(gy), d(gx));
        else PoolKernels.avgPool2dBackward(g, f(gy), f(gx));
        return gx;
    }

    // ---------------------------------------------------------------- fused optimiser updates

    @Override
    public void sgdStep(NDArray w, NDArray grad, NDArray velocity, float lr, float momentum, float weightDecay, boolean first) {
        requireDenseFloat("sgdStep", w, grad);
        if (momentum != 0f) requireDenseFloat("sgdStep", velocity);
        OptimizerKernels.sgd(f(w), w.offset(), f(grad), grad.offset(), momentum != 0f ? f(velocity) : null,
                momentum != 0f ? velocity.offset() : 0, w.numel(), lr, momentum, weightDecay, first);
    }

    @Override
    public void adamStep(NDArray w, NDArray grad, NDArray m, NDArray v, float b1, float oneMinusB1, float b2, float oneMinusB2, float eps,
                         float weightDecay, float c2, float stepSize) {
        requireDenseFloat("adamStep", w, grad, m, v);
        OptimizerKernels.adam(f(w), w.offset(), f(grad), grad.offset(), f(m), m.offset(), f(v), v.offset(), w.numel(), b1, oneMinusB1, b2,
                oneMinusB2, eps, weightDecay, c2, stepSize);
    }

    private static void requireDenseFloat(String op, NDArray... xs) {
        for (NDArray x : xs)
            if (x.dtype() != DType.FLOAT32 || !x.isContiguous() || x.numel() != xs[0].numel())
                throw new IllegalArgumentException(op + ": needs contiguous float32 arrays of " + xs[0].numel() + " elements, got "
                        + x.dtype() + " " + Shapes.str(x.shape()) + (x.isContiguous() ? "" : " (not contiguous)"));
    }
}
