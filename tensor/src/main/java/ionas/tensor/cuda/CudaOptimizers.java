package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.DType;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fused SGD and Adam updates of {@code optim.cu}, in place: one launch per parameter
 * ({@link #sgd}, {@link #adam}), or one launch for many ({@link #sgdMulti}, {@link #adamMulti}), and
 * gradient clipping by the global norm with nothing read back ({@link #clipGradNorm}).
 *
 * <p>The multi-tensor updates read a table of (parameter, state buffers, numel, first chunk) in
 * device memory, written once by {@code mt_table_build} launches (no upload) and kept here, keyed
 * by those addresses and sizes: parameters and optimiser state stay where they are from step to
 * step, so every step after the first finds its table and launches {@code sgd_multi_f32} or
 * {@code adam_multi_f32} at once. What changes each step (the gradients, fresh arrays every
 * backward, and the per-parameter scalars) travels in the launch's arguments.
 */
final class CudaOptimizers {
    private static final String M = "optim";
    private static final Kernel SGD = new Kernel(M, "sgd_f32"), ADAM = new Kernel(M, "adam_f32"),
            SGD_MULTI = new Kernel(M, "sgd_multi_f32"), ADAM_MULTI = new Kernel(M, "adam_multi_f32"), GRAD_SUMSQ_MULTI = new Kernel(M, "grad_sumsq_multi_f32"),
            CLIP_SCALE_MULTI = new Kernel(M, "clip_scale_multi_f32"), TABLE_BUILD = new Kernel(M, "mt_table_build");
    /** optim.cu's MT_CHUNK, MT_BUILD, SGD_MT, ADAM_MT, SUMSQ_MT and SCALE_MT. */
    static final int MT_CHUNK = 16384, MT_BUILD = 96, SGD_MT = 384, ADAM_MT = 224, SUMSQ_MT = 224, SCALE_MT = 160;
    /** Bytes of one MtTensor: three pointers and two 64-bit integers. */
    private static final int ENTRY_BYTES = 40;
    /** Tables kept (least recently used dropped first): a few optimisers per device. */
    private static final int MAX_TABLES = 8;

    private final CudaLaunch launch;
    /** Table content (w, s1, s2, n per tensor) to the device table holding it. */
    private final Map<TableKey, Table> tables = new LinkedHashMap<>(16, 0.75f, true);

    CudaOptimizers(CudaLaunch launch) {
        this.launch = launch;
    }

    void sgd(NDArray w, NDArray grad, NDArray velocity, float lr, float momentum, float wd, boolean first) {
        requireDense("sgdStep", w, grad);
        long n = w.numel();
        if (n == 0) return;
        long pv = 0;
        if (momentum != 0f) {
            requireDense("sgdStep", velocity);
            pv = address("sgdStep", velocity);
        }
        launch.kernel(SGD, strideGrid(n), BLOCK).ptr(address("sgdStep", w)).ptr(address("sgdStep", grad)).ptr(pv).i64(n).f32(lr)
                .f32(momentum).f32(wd).i32(first ? 1 : 0).launch();
    }

    void adam(NDArray w, NDArray grad, NDArray m, NDArray v, float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float wd,
              float c2, float stepSize) {
        requireDense("adamStep", w, grad, m, v);
        long n = w.numel();
        if (n == 0) return;
        launch.kernel(ADAM, strideGrid(n), BLOCK).ptr(address("adamStep", w)).ptr(address("adamStep", grad))
                .ptr(address("adamStep", m)).ptr(address("adamStep", v)).i64(n).f32(b1).f32(oneMinusB1).f32(b2).f32(oneMinusB2)
                .f32(eps).f32(wd).f32(c2).f32(stepSize).launch();
    }

    /** {@link #sgd} for every i: one {@code sgd_multi_f32} launch per {@link #SGD_MT} parameters. */
    void sgdMulti(List<NDArray> w, List<NDArray> grad, List<NDArray> velocity, boolean[] first, float lr, float momentum, float wd) {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            requireDense("sgdSteps", w.get(i), grad.get(i));
            if (momentum != 0f) requireDense("sgdSteps", w.get(i), velocity.get(i));
            if (w.get(i).numel() > 0) live.add(i);
        }
        for (int from = 0; from < live.size(); from += SGD_MT) {
            List<Integer> group = live.subList(from, Math.min(live.size(), from + SGD_MT));
            int count = group.size();
            long[] key = new long[4 * count];
            for (int k = 0; k < count; k++) {
                int i = group.get(k);
                key[4 * k] = address("sgdSteps", w.get(i));
                key[4 * k + 1] = momentum != 0f ? address("sgdSteps", velocity.get(i)) : 0;
                key[4 * k + 3] = w.get(i).numel();
            }
            Table table = table(key);
            ByteBuffer g = bytes(8 * SGD_MT + SGD_MT);
            for (int k = 0; k < count; k++) {
                int i = group.get(k);
                g.putLong(8 * k, address("sgdSteps", grad.get(i)));
                g.put(8 * SGD_MT + k, (byte) (first[i] ? 1 : 0));
            }
            launch.kernel(SGD_MULTI, table.chunks, BLOCK).ptr(table.pointer()).i32(count).struct(g.array()).f32(lr).f32(momentum)
                    .f32(wd).launch();
        }
    }

    /** {@link #adam} for every i, with parameter i's own c2 and step size: one launch per {@link #ADAM_MT} parameters. */
    void adamMulti(List<NDArray> w, List<NDArray> grad, List<NDArray> m, List<NDArray> v, float b1, float oneMinusB1, float b2,
                   float oneMinusB2, float eps, float wd, float[] c2, float[] stepSize) {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            requireDense("adamSteps", w.get(i), grad.get(i), m.get(i), v.get(i));
            if (w.get(i).numel() > 0) live.add(i);
        }
        for (int from = 0; from < live.size(); from += ADAM_MT) {
            List<Integer> group = live.subList(from, Math.min(live.size(), from + ADAM_MT));
            int count = group.size();
            long[] key = new long[4 * count];
            for (int k = 0; k < count; k++) {
                int i = group.get(k);
                key[4 * k] = address("adamSteps", w.get(i));
                key[4 * k + 1] = address("adamSteps", m.get(i));
                key[4 * k + 2] = address("adamSteps", v.get(i));
                key[4 * k + 3] = w.get(i).numel();
            }
            Table table = table(key);
            ByteBuffer g = bytes(16 * ADAM_MT);
            for (int k = 0; k < count; k++) {
                int i = group.get(k);
                g.putLong(8 * k, address("adamSteps", grad.get(i)));
                g.putFloat(8 * ADAM_MT + 4 * k, c2[i]);
                g.putFloat(12 * ADAM_MT + 4 * k, stepSize[i]);
            }
            launch.kernel(ADAM_MULTI, table.chunks, BLOCK).ptr(table.pointer()).i32(count).struct(g.array()).f32(b1)
                    .f32(oneMinusB1).f32(b2).f32(oneMinusB2).f32(eps).f32(wd).launch();
        }
    }

    /**
     * Clipping by the global L2 norm, on the device: {norm (0-d), the gradients scaled by
     * {@code (float) coef} where {@code coef = maxNorm / (norm + 1e-6) < 1}, else copied}, each a
     * fresh array. The norm and the gradients are bit for bit those of the composition
     * {@code sum_i grad_i.square().sum().item()} (in double), sqrt, {@code grad_i.mul(coef)} on this
     * backend (see optim.cu): one {@code grad_sumsq_multi_f32} launch per {@link #SUMSQ_MT}
     * gradients and one {@code clip_scale_multi_f32} per {@link #SCALE_MT}, nothing read back.
     */
    NDArray[] clipGradNorm(List<NDArray> grads, double maxNorm) {
        int n = grads.size();
        if (n == 0) return new NDArray[] {new NDArray(CudaStorage.zeroed(launch.context(), 1))};
        NDArray[] dense = new NDArray[n];
        for (int i = 0; i < n; i++) {
            address("clipGradNorm", grads.get(i)); // type check before any work
            dense[i] = grads.get(i).isContiguous() ? grads.get(i) : grads.get(i).contiguous();
        }
        NDArray[] out = new NDArray[n + 1];
        out[0] = empty(launch.context());
        for (int i = 0; i < n; i++) out[i + 1] = empty(launch.context(), grads.get(i).shape());
        NDArray partial = empty(launch.context(), n);
        long pp = address("clipGradNorm", partial);
        for (int from = 0; from < n; from += SUMSQ_MT) {
            int count = Math.min(SUMSQ_MT, n - from);
            ByteBuffer g = bytes(12 * SUMSQ_MT);
            for (int k = 0; k < count; k++) {
                g.putLong(8 * k, address("clipGradNorm", dense[from + k]));
                g.putInt(8 * SUMSQ_MT + 4 * k, dense[from + k].numel());
            }
            launch.kernel(GRAD_SUMSQ_MULTI, count, BLOCK).ptr(pp + 4L * from).i32(count).struct(g.array()).launch();
        }
        // the scaling: tensors of 0 elements have nothing to write; the norm still must be written once
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < n; i++) if (dense[i].numel() > 0) live.add(i);
        long pNorm = address("clipGradNorm", out[0]);
        boolean normWritten = false;
        for (int from = 0; from < Math.max(1, live.size()); from += SCALE_MT) {
            int count = Math.min(SCALE_MT, live.size() - from);
            ByteBuffer s = bytes(24 * SCALE_MT);
            int chunks = 0;
            for (int k = 0; k < count; k++) {
                int i = live.get(from + k);
                s.putLong(8 * k, address("clipGradNorm", dense[i]));
                s.putLong(8 * SCALE_MT + 8 * k, address("clipGradNorm", out[i + 1]));
                s.putInt(16 * SCALE_MT + 4 * k, dense[i].numel());
                s.putInt(20 * SCALE_MT + 4 * k, chunks);
                chunks += (dense[i].numel() + MT_CHUNK - 1) / MT_CHUNK;
            }
            if (count == 0) { // no elements anywhere: one block that only writes the norm (its one entry is empty)
                s.putInt(20 * SCALE_MT, 0);
                count = 1;
                chunks = 1;
            }
            launch.kernel(CLIP_SCALE_MULTI, chunks, BLOCK).ptr(normWritten ? 0 : pNorm).ptr(pp).i32(n).f64(maxNorm).i32(count)
                    .struct(s.array()).launch();
            normWritten = true;
        }
        return out;
    }

    // ---------------------------------------------------------------- tables

    private record TableKey(long[] content) {
        @Override public boolean equals(Object o) { return o instanceof TableKey k && Arrays.equals(content, k.content); }
        @Override public int hashCode() { return Arrays.hashCode(content); }
    }

    /** A device table of MtTensor entries and its chunk count (the multi-tensor launch's grid). */
    private record Table(CudaStorage storage, int chunks) {
        long pointer() { return storage.pointer(); }
    }

    /** The table of {@code key} ((w, s1, s2, n) per tensor), written on the device the first time it is asked for. */
    private synchronized Table table(long[] key) {
        TableKey k = new TableKey(key);
        Table t = tables.get(k);
        if (t != null) return t;
        int count = key.length / 4;
        // the table outlives the step that made it: no MemoryScope may take it
        CudaStorage storage = MemoryScope.outside(() -> CudaStorage.allocate(launch.context(), count * ENTRY_BYTES / Float.BYTES));
        long chunks = 0;
        for (int base = 0; base < count; base += MT_BUILD) {
            int c = Math.min(MT_BUILD, count - base);
            ByteBuffer e = bytes(ENTRY_BYTES * MT_BUILD);
            for (int j = 0; j < c; j++) {
                int q = 4 * (base + j), o = ENTRY_BYTES * j;
                e.putLong(o, key[q]).putLong(o + 8, key[q + 1]).putLong(o + 16, key[q + 2]).putLong(o + 24, key[q + 3]).putLong(o + 32, chunks);
                chunks += (key[q + 3] + MT_CHUNK - 1) / MT_CHUNK;
            }
            launch.kernel(TABLE_BUILD, 1, 128).ptr(storage.pointer()).i32(base).i32(c).struct(e.array()).launch();
        }
        if (chunks > Integer.MAX_VALUE) throw new IllegalArgumentException("a multi-tensor update of " + chunks + " chunks is too large");
        t = new Table(storage, (int) chunks);
        tables.put(k, t);
        if (tables.size() > MAX_TABLES) {
            var eldest = tables.entrySet().iterator().next();
            tables.remove(eldest.getKey());
            eldest.getValue().storage().close(); // reused in stream order only: launches already queued still read it
        }
        return t;
    }

    /** The number of device tables kept (for tests). */
    synchronized int tableCount() {
        return tables.size();
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireDense(String op, NDArray... xs) {
        for (NDArray x : xs)
            if (x == null || x.dtype() != DType.FLOAT32 || !x.isContiguous() || x.numel() != xs[0].numel())
                throw new IllegalArgumentException(op + ": needs contiguous float32 arrays of " + xs[0].numel() + " elements");
    }
}
