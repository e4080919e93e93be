package ionas.tensor;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of float32 or float64 on one device: a {@link Storage} seen through a
 * shape, strides and an offset. This is the engine's data type; it knows nothing about gradients
 * ({@code ionas.autograd.Tensor} wraps it for that).
 *
 * <p>View methods ({@link #view}, {@link #permute}, {@link #narrow}, {@link #expand},
 * {@link #squeeze}, {@link #unsqueeze}) share the storage and copy nothing; writing through one
 * view is visible in the others. Every other op returns a new contiguous array. Arrays are
 * immutable in shape; only the explicit in-place methods ({@link #copy_}, {@link #add_},
 * {@link #fill_}) change elements, and optimisers are their main users.
 */
public final class NDArray {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    public NDArray(Storage storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length)
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides) + " differ in rank");
        this.storage = storage;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
    }

    /** A contiguous array over a whole storage. */
    public NDArray(Storage storage, int... shape) {
        this(storage, shape, Shapes.contiguousStrides(shape), 0);
        if (Shapes.numel(shape) != storage.size())
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " needs " + Shapes.numel(shape)
                    + " elements but the storage has " + storage.size());
    }

    // ================================================================ creation

    public static NDArray zeros(int... shape) {
        return zeros(DType.FLOAT32, Device.CPU, shape);
    }

    public static NDArray zeros(DType dtype, Device device, int... shape) {
        return new NDArray(Backends.of(device).allocate(dtype, Shapes.numel(shape)), shape);
    }

    public static NDArray ones(int... shape) {
        return full(1, shape);
    }

    public static NDArray full(double value, int... shape) {
        return full(value, DType.FLOAT32, Device.CPU, shape);
    }

    public static NDArray full(double value, DType dtype, Device device, int... shape) {
        NDArray out = zeros(dtype, device, shape);
        if (value != 0) out.backend().fill(out, value);
        return out;
    }

    /** 0, 1, ..., n-1 as float32. */
    public static NDArray arange(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return of(v, n);
    }

    /** A float32 array on the CPU holding {@code values} (copied) in row-major order. */
    public static NDArray of(float[] values, int... shape) {
        checkCount(values.length, shape);
        return new NDArray(Backends.cpu().fromArray(values.clone()), shape);
    }

    /** A float64 array on the CPU holding {@code values} (copied). */
    public static NDArray of(double[] values, int... shape) {
        checkCount(values.length, shape);
        return new NDArray(Backends.cpu().fromArray(values.clone()), shape);
    }

    /** A 0-dimensional float32 array. */
    public static NDArray scalar(double value) {
        return of(new float[] {(float) value});
    }

    private static void checkCount(int n, int[] shape) {
        if (shape.length == 0 && n == 1) return;
        if (Shapes.numel(shape) != n)
            throw new IllegalArgumentException(n + " values do not fill shape " + Shapes.str(shape));
    }

    /** U[0, 1) from {@code gen}. */
    public static NDArray rand(Generator gen, int... shape) {
        return random(gen, false, DType.FLOAT32, Device.CPU, shape);
    }

    /** N(0, 1) from {@code gen}. */
    public static NDArray randn(Generator gen, int... shape) {
        return random(gen, true, DType.FLOAT32, Device.CPU, shape);
    }

    public static NDArray random(Generator gen, boolean normal, DType dtype, Device device, int... shape) {
        NDArray out = zeros(dtype, device, shape);
        out.backend().random(out, gen.seed(), gen.advance(out.numel()), normal);
        return out;
    }

    /** 1 with probability {@code p}, else 0: the mask of inverted dropout. */
    public static NDArray bernoulli(Generator gen, double p, DType dtype, Device device, int... shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], not " + p);
        return random(gen, false, dtype, device, shape).lt(p);
    }

    // ================================================================ properties

    public Storage storage() { return storage; }
    public DType dtype() { return storage.dtype(); }
    public Device device() { return storage.device(); }
    public Backend backend() { return Backends.of(storage.device()); }
    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int offset() { return offset; }
    public int dim() { return shape.length; }

    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    public boolean sameShape(NDArray other) {
        return Arrays.equals(shape, other.shape);
    }

    // ================================================================ reading

    public float[] toFloatArray() { return backend().toFloatArray(this); }
    public double[] toDoubleArray() { return backend().toDoubleArray(this); }

    /** The single value of a one-element array. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item(): the array has shape " + Shapes.str(shape) + ", not one element");
        return toDoubleArray()[0];
    }

    /** One element, by index. */
    public double get(int... index) {
        return narrowTo(index).item();
    }

    private NDArray narrowTo(int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for dimension " + i + " of size " + shape[i]);
            off += index[i] * strides[i];
        }
        return new NDArray(storage, new int[0], new int[0], off);
    }

    // ================================================================ moving between devices and types

    public NDArray to(Device device) {
        if (device.equals(device())) return this;
        Backend target = Backends.of(device);
        Storage s = dtype() == DType.FLOAT64 ? target.fromArray(toDoubleArray()) : target.fromArray(toFloatArray());
        return new NDArray(s, shape);
    }

    public NDArray to(DType dtype) {
        return dtype == dtype() ? this : backend().cast(this, dtype);
    }

    // ================================================================ views (no copy)

    /** A view with a new shape; one size may be -1. Needs strides compatible with the new shape. */
    public NDArray view(int... newShape) {
        int[] ns = inferShape("view", newShape);
        int[] st = viewStrides(ns);
        if (st == null) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(ns) + " is not compatible with the strides "
                    + Shapes.str(strides) + " of a " + Shapes.str(shape) + " tensor; use reshape (which copies)");
        }
        return new NDArray(storage, ns, st, offset);
    }

    /** Like {@link #view}, but copies when the strides do not allow a view. */
    public NDArray reshape(int... newShape) {
        int[] ns = inferShape("reshape", newShape);
        int[] st = viewStrides(ns);
        return st != null ? new NDArray(storage, ns, st, offset) : contiguous().view(ns);
    }

    private int[] inferShape(String op, int[] newShape) {
        int[] ns = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one size may be -1 in " + Shapes.str(newShape));
                infer = i;
            } else if (ns[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Shapes.str(newShape));
            } else {
                known *= ns[i];
            }
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0)
                throw new IllegalArgumentException(op + ": cannot infer -1 in " + Shapes.str(newShape) + " for " + n + " elements " + Shapes.str(shape));
            ns[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(newShape) + " has " + known
                    + " elements but the tensor " + Shapes.str(shape) + " has " + n);
        }
        return ns;
    }

    /**
     * Strides that let the same elements be read in the new shape, or null. Walks groups of old
     * dimensions that are contiguous with each other and splits or merges within a group, as
     * PyTorch's computeStride does.
     */
    private int[] viewStrides(int[] newShape) {
        int n = numel();
        if (n == 0 || isContiguous()) return Shapes.contiguousStrides(newShape);
        int[] out = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides[strides.length - 1];
        long tensorElems = 1, viewElems = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorElems *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorElems * chunkBase)) {
                while (viewD >= 0 && (viewElems < tensorElems || newShape[viewD] == 1)) {
                    out[viewD] = (int) (viewElems * chunkBase);
                    viewElems *= newShape[viewD];
                    viewD--;
                }
                if (viewElems != tensorElems) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorElems = 1;
                    viewElems = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    public NDArray flatten() {
        return reshape(-1);
    }

    /** Reorders the dimensions: result dimension i is this array's dimension {@code order[i]}. */
    public NDArray permute(int... order) {
        if (order.length != shape.length)
            throw new IllegalArgumentException("permute: " + order.length + " dimensions given for a tensor of rank " + shape.length);
        int[] ns = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shapes.dim("permute", order[i], shape.length);
            if (seen[d]) throw new IllegalArgumentException("permute: dimension " + order[i] + " repeats in " + Shapes.str(order));
            seen[d] = true;
            ns[i] = shape[d];
            st[i] = strides[d];
        }
        return new NDArray(storage, ns, st, offset);
    }

    public NDArray transpose(int dim0, int dim1) {
        int[] order = new int[shape.length];
        Arrays.setAll(order, i -> i);
        int a = Shapes.dim("transpose", dim0, shape.length), b = Shapes.dim("transpose", dim1, shape.length);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The matrix transpose of the last two dimensions. */
    public NDArray mT() {
        if (shape.length < 2) throw new IllegalArgumentException("mT: needs at least 2 dimensions, got " + Shapes.str(shape));
        return transpose(-2, -1);
    }

    /** Elements {@code start .. start+length-1} along {@code dim}. */
    public NDArray narrow(int dim, int start, int length) {
        int d = Shapes.dim("narrow", dim, shape.length);
        if (start < 0 || length < 0 || start + length > shape[d])
            throw new IndexOutOfBoundsException("narrow: [" + start + ", " + (start + length) + ") is outside dimension "
                    + dim + " of size " + shape[d] + " in " + Shapes.str(shape));
        int[] ns = shape.clone();
        ns[d] = length;
        return new NDArray(storage, ns, strides, offset + start * strides[d]);
    }

    /** Index {@code index} of dimension {@code dim}, which is removed. */
    public NDArray select(int dim, int index) {
        return narrow(dim, index, 1).squeeze(dim);
    }

    /** Broadcasts size-1 dimensions (and new leading ones) to {@code newShape} with stride 0; -1 keeps a size. */
    public NDArray expand(int... newShape) {
        if (newShape.length < shape.length)
            throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to fewer dimensions " + Shapes.str(newShape));
        int lead = newShape.length - shape.length;
        int[] ns = new int[newShape.length], st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            int size = newShape[i];
            if (i < lead) {
                if (size < 0) throw new IllegalArgumentException("expand: -1 is not allowed for a new dimension in " + Shapes.str(newShape));
                ns[i] = size;
                st[i] = 0;
                continue;
            }
            int old = shape[i - lead];
            if (size == -1) size = old;
            if (old == size) {
                ns[i] = size;
                st[i] = strides[i - lead];
            } else if (old == 1) {
                ns[i] = size;
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(shape) + " to " + Shapes.str(newShape)
                        + " (size " + old + " in dimension " + (i - lead) + " is not 1)");
            }
        }
        return new NDArray(storage, ns, st, offset);
    }

    /** Removes dimension {@code dim}, which must have size 1. */
    public NDArray squeeze(int dim) {
        int d = Shapes.dim("squeeze", dim, shape.length);
        if (shape[d] != 1)
            throw new IllegalArgumentException("squeeze: dimension " + dim + " of " + Shapes.str(shape) + " has size " + shape[d] + ", not 1");
        return new NDArray(storage, remove(shape, d), remove(strides, d), offset);
    }

    /** Inserts a dimension of size 1 before position {@code dim} (which may be {@code dim()}). */
    public NDArray unsqueeze(int dim) {
        int d = Shapes.dim("unsqueeze", dim, shape.length + 1);
        int stride = d < shape.length ? shape[d] * strides[d] : 1;
        return new NDArray(storage, insert(shape, d, 1), insert(strides, d, stride), offset);
    }

    private static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    private static int[] insert(int[] a, int i, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    /** This array if it is contiguous, else a contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() && offset == 0 && storage.size() == numel() ? this : copy();
    }

    /** A contiguous copy that shares nothing with this array. */
    public NDArray copy() {
        NDArray out = uninitialized(dtype(), device(), shape);
        backend().copyInto(out, this);
        return out;
    }

    /** An array whose every element the caller is about to write (see {@link Backend#allocateUninitialized}). */
    private static NDArray uninitialized(DType dtype, Device device, int... shape) {
        return new NDArray(Backends.of(device).allocateUninitialized(dtype, Shapes.numel(shape)), shape);
    }

    // ================================================================ in place (for optimisers and initialisers)

    /** Copies {@code src} (broadcast to this shape) into this array's elements. */
    public NDArray copy_(NDArray src) {
        checkSameDevice("copy_", src);
        backend().copyInto(this, src.dtype() == dtype() ? src.broadcastTo("copy_", shape) : src.to(dtype()).broadcastTo("copy_", shape));
        return this;
    }

    /** this += other (broadcast to this shape). */
    public NDArray add_(NDArray other) {
        return copy_(add(other));
    }

    public NDArray fill_(double value) {
        if (isContiguous() && offset == 0 && storage.size() == numel()) backend().fill(this, value);
        else copy_(full(value, dtype(), device(), shape));
        return this;
    }

    private NDArray broadcastTo(String op, int[] target) {
        if (Arrays.equals(shape, target)) return this;
        int[] b = Shapes.broadcast(op, shape, target);
        if (!Arrays.equals(b, target))
            throw new IllegalArgumentException(op + ": cannot write a " + Shapes.str(shape) + " tensor into " + Shapes.str(target));
        return expand(target);
    }

    // ================================================================ elementwise

    private NDArray unary(UnaryOp op) {
        return backend().unary(op, this);
    }

    public NDArray neg() { return unary(UnaryOp.NEG); }
    public NDArray exp() { return unary(UnaryOp.EXP); }
    public NDArray log() { return unary(UnaryOp.LOG); }
    public NDArray sqrt() { return unary(UnaryOp.SQRT); }
    public NDArray abs() { return unary(UnaryOp.ABS); }
    public NDArray relu() { return unary(UnaryOp.RELU); }
    public NDArray sigmoid() { return unary(UnaryOp.SIGMOID); }
    public NDArray tanh() { return unary(UnaryOp.TANH); }
    public NDArray reciprocal() { return unary(UnaryOp.RECIPROCAL); }
    public NDArray sign() { return unary(UnaryOp.SIGN); }
    public NDArray square() { return mul(this); }

    /** Applies {@code op} to this and {@code other} after broadcasting both to a common shape. */
    public NDArray binary(BinaryOp op, NDArray other) {
        String name = op.name().toLowerCase();
        checkSameDevice(name, other);
        int[] out = Shapes.broadcast(name, shape, other.shape);
        NDArray a = this, b = other;
        if (a.dtype() != b.dtype()) { // promote to the wider type, as PyTorch does
            if (a.dtype() == DType.FLOAT64) b = b.to(DType.FLOAT64);
            else a = a.to(DType.FLOAT64);
        }
        return backend().binary(op, a.expand(out), b.expand(out));
    }

    /** {@code this op scalar}: the backend's {@link Backend#binaryScalar}, one kernel with the scalar as its argument on a GPU. */
    private NDArray binary(BinaryOp op, double scalar) {
        return backend().binaryScalar(op, this, scalar, false);
    }

    public NDArray add(NDArray o) { return binary(BinaryOp.ADD, o); }
    public NDArray sub(NDArray o) { return binary(BinaryOp.SUB, o); }
    public NDArray mul(NDArray o) { return binary(BinaryOp.MUL, o); }
    public NDArray div(NDArray o) { return binary(BinaryOp.DIV, o); }
    public NDArray pow(NDArray o) { return binary(BinaryOp.POW, o); }
    public NDArray maximum(NDArray o) { return binary(BinaryOp.MAX, o); }
    public NDArray minimum(NDArray o) { return binary(BinaryOp.MIN, o); }
    public NDArray eq(NDArray o) { return binary(BinaryOp.EQ, o); }
    public NDArray ne(NDArray o) { return binary(BinaryOp.NE, o); }
    public NDArray lt(NDArray o) { return binary(BinaryOp.LT, o); }
    public NDArray le(NDArray o) { return binary(BinaryOp.LE, o); }
    public NDArray gt(NDArray o) { return binary(BinaryOp.GT, o); }
    public NDArray ge(NDArray o) { return binary(BinaryOp.GE, o); }

    public NDArray add(double s) { return binary(BinaryOp.ADD, s); }
    public NDArray sub(double s) { return binary(BinaryOp.SUB, s); }
    public NDArray mul(double s) { return binary(BinaryOp.MUL, s); }
    public NDArray div(double s) { return binary(BinaryOp.DIV, s); }
    public NDArray pow(double s) { return binary(BinaryOp.POW, s); }
    public NDArray maximum(double s) { return binary(BinaryOp.MAX, s); }
    public NDArray minimum(double s) { return binary(BinaryOp.MIN, s); }
    public NDArray eq(double s) { return binary(BinaryOp.EQ, s); }
    public NDArray lt(double s) { return binary(BinaryOp.LT, s); }
    public NDArray le(double s) { return binary(BinaryOp.LE, s); }
    public NDArray gt(double s) { return binary(BinaryOp.GT, s); }
    public NDArray ge(double s) { return binary(BinaryOp.GE, s); }
    /** {@code s - this}. */
    public NDArray rsub(double s) { return backend().binaryScalar(BinaryOp.SUB, this, s, true); }

    /** Limits every element to [min, max]. */
    public NDArray clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        return maximum(min).minimum(max);
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        a.checkSameDevice("where", b);
        a.checkSameDevice("where", cond);
        int[] out = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        DType t = a.dtype() == DType.FLOAT64 || b.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        return a.backend().where(cond.to(t).expand(out), a.to(t).expand(out), b.to(t).expand(out));
    }

    // ================================================================ reductions

    public NDArray sum(int[] dims, boolean keepdim) { return reduce(ReduceOp.SUM, "sum", dims, keepdim); }
    public NDArray sum(int dim, boolean keepdim) { return sum(new int[] {dim}, keepdim); }
    /** The sum of all elements, as a 0-d array. */
    public NDArray sum() { return sum(new int[0], false); }

    public NDArray amax(int[] dims, boolean keepdim) { return reduce(ReduceOp.MAX, "amax", dims, keepdim); }
    public NDArray amax(int dim, boolean keepdim) { return amax(new int[] {dim}, keepdim); }
    public NDArray amin(int[] dims, boolean keepdim) { return reduce(ReduceOp.MIN, "amin", dims, keepdim); }

    public NDArray mean(int[] dims, boolean keepdim) {
        return sum(dims, keepdim).div(countOf("mean", dims));
    }

    public NDArray mean(int dim, boolean keepdim) { return mean(new int[] {dim}, keepdim); }
    public NDArray mean() { return mean(new int[0], false); }

    /** Variance over {@code dims}; unbiased divides by n-1 (Bessel), as torch.var's default. */
    public NDArray var(int[] dims, boolean unbiased, boolean keepdim) {
        NDArray centred = sub(mean(dims, true));
        int n = countOf("var", dims);
        return centred.square().sum(dims, keepdim).div(unbiased ? Math.max(n - 1, 0) : n);
    }

    /** The number of elements each output of a reduction over {@code dims} combines. */
    public int countOf(String op, int[] dims) {
        int n = 1;
        for (int d : Shapes.dims(op, dims, shape.length)) n *= shape[d];
        return n;
    }

    private NDArray reduce(ReduceOp op, String name, int[] dims, boolean keepdim) {
        int[] sorted = Shapes.dims(name, dims, shape.length);
        int[] outShape = Shapes.reduced(shape, sorted, keepdim);
        if (shape.length == 0) return copy();
        if (op != ReduceOp.SUM && numel() == 0)
            throw new IllegalArgumentException(name + ": cannot reduce an empty tensor " + Shapes.str(shape));
        // Reduce each run of adjacent dimensions in turn, last run first, keeping them as size 1.
        NDArray x = contiguous();
        int[] cur = shape.clone();
        int end = sorted.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && sorted[start - 1] == sorted[start] - 1) start--;
            int first = sorted[start], last = sorted[end - 1];
            int outer = 1, reduced = 1, inner = 1;
            for (int i = 0; i < cur.length; i++) {
                if (i < first) outer *= cur[i];
                else if (i <= last) reduced *= cur[i];
                else inner *= cur[i];
            }
            x = backend().reduce(op, x, outer, reduced, inner);
            for (int i = first; i <= last; i++) cur[i] = 1;
            end = start;
        }
        return x.view(outShape);
    }

    /** The index of the first maximum along {@code dim}, as float values. */
    public NDArray argmax(int dim, boolean keepdim) {
        int d = Shapes.dim("argmax", dim, shape.length);
        NDArray moved = movedToLast(d);
        int n = shape[d];
        if (n == 0) throw new IllegalArgumentException("argmax: dimension " + dim + " is empty in " + Shapes.str(shape));
        NDArray idx = backend().argmax(moved, numel() / n, n);
        int[] outShape = Shapes.reduced(shape, new int[] {d}, keepdim);
        return idx.view(outShape);
    }

    /** A contiguous copy with dimension {@code d} moved to the end (no copy when it already is last). */
    private NDArray movedToLast(int d) {
        if (d == shape.length - 1) return contiguous();
        int[] order = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) if (i != d) order[k++] = i;
        order[k] = d;
        return permute(order).contiguous();
    }

    /** Undoes {@link #movedToLast}: {@code y} has this array's shape with {@code d} moved last. */
    private NDArray movedBack(NDArray y, int d) {
        if (d == shape.length - 1) return y;
        int[] order = new int[shape.length];
        for (int i = 0; i < shape.length; i++) order[i] = i < d ? i : i == d ? shape.length - 1 : i - 1;
        return y.permute(order).contiguous();
    }

    public NDArray softmax(int dim) { return softmax(dim, false); }
    public NDArray logSoftmax(int dim) { return softmax(dim, true); }

    private NDArray softmax(int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        if (shape.length == 0) return softmax0d(log);
        int d = Shapes.dim(op, dim, shape.length);
        NDArray moved = movedToLast(d);
        int n = shape[d];
        NDArray y = backend().softmax(moved, n == 0 ? 0 : numel() / n, n, log);
        return movedBack(y.view(moved.shape), d);
    }

    private NDArray softmax0d(boolean log) {
        return full(log ? 0 : 1, dtype(), device());
    }

    // ================================================================ matrix products

    /**
     * Matrix product with NumPy's rules: 1-d operands become a row or a column and that dimension is
     * dropped again; leading (batch) dimensions broadcast.
     */
    public NDArray matmul(NDArray other) {
        checkSameDevice("matmul", other);
        if (shape.length == 0 || other.shape.length == 0)
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got "
                    + Shapes.str(shape) + " and " + Shapes.str(other.shape));
        NDArray a = shape.length == 1 ? unsqueeze(0) : this;
        NDArray b = other.shape.length == 1 ? other.unsqueeze(1) : other;
        if (a.dtype() != b.dtype()) {
            a = a.to(DType.FLOAT64);
            b = b.to(DType.FLOAT64);
        }
        int m = a.size(-2), k = a.size(-1), k2 = b.size(-2), n = b.size(-1);
        if (k != k2)
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and " + Shapes.str(other.shape)
                    + " do not chain (" + k + " columns vs " + k2 + " rows)");
        NDArray out;
        if (b.dim() == 2) {
            // (..., m, k) x (k, n): one big GEMM over all rows instead of a batch of small ones.
            int[] lead = Arrays.copyOf(a.shape, a.dim() - 2);
            NDArray rows = a.reshape(-1, k).unsqueeze(0);
            out = backend().matmul(rows, b.unsqueeze(0)).view(concat(lead, new int[] {m, n}));
        } else {
            int[] batchA = Arrays.copyOf(a.shape, a.dim() - 2), batchB = Arrays.copyOf(b.shape, b.dim() - 2);
            int[] batch = Shapes.broadcast("matmul", batchA, batchB);
            int nb = Shapes.numel(batch);
            NDArray a3 = a.expand(concat(batch, new int[] {m, k})).reshape(nb, m, k);
            NDArray b3 = b.expand(concat(batch, new int[] {k, n})).reshape(nb, k, n);
            out = backend().matmul(a3, b3).view(concat(batch, new int[] {m, n}));
        }
        if (shape.length == 1) out = out.squeeze(-2);
        if (other.shape.length == 1) out = out.squeeze(-1);
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ================================================================ joining and splitting

    /** Joins arrays along an existing dimension; all other sizes must agree. */
    public static NDArray cat(List<NDArray> parts, int dim) {
        if (parts.isEmpty()) throw new IllegalArgumentException("cat: no tensors to join");
        NDArray first = parts.get(0);
        int d = Shapes.dim("cat", dim, first.dim());
        int total = 0;
        DType dtype = first.dtype();
        for (NDArray p : parts) {
            first.checkSameDevice("cat", p);
            if (p.dim() != first.dim())
                throw new IllegalArgumentException("cat: tensors of rank " + first.dim() + " and " + p.dim()
                        + " (" + Shapes.str(first.shape) + " and " + Shapes.str(p.shape) + ")");
            for (int i = 0; i < first.dim(); i++) {
                if (i != d && p.shape[i] != first.shape[i])
                    throw new IllegalArgumentException("cat: shapes " + Shapes.str(first.shape) + " and " + Shapes.str(p.shape)
                            + " differ in dimension " + i + " (joining along " + d + ")");
            }
            if (p.dtype() == DType.FLOAT64) dtype = DType.FLOAT64;
            total += p.shape[d];
        }
        int[] outShape = first.shape.clone();
        outShape[d] = total;
        NDArray out = uninitialized(dtype, first.device(), outShape); // the parts cover it
        int at = 0;
        for (NDArray p : parts) {
            out.narrow(d, at, p.shape[d]).copy_(p);
            at += p.shape[d];
        }
        return out;
    }

    /** Joins arrays of equal shape along a new dimension. */
    public static NDArray stack(List<NDArray> parts, int dim) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack: no tensors to join");
        int d = Shapes.dim("stack", dim, parts.get(0).dim() + 1);
        List<NDArray> expanded = new ArrayList<>(parts.size());
        for (NDArray p : parts) {
            if (!p.sameShape(parts.get(0)))
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(parts.get(0).shape) + " and " + Shapes.str(p.shape) + " differ");
            expanded.add(p.unsqueeze(d));
        }
        return cat(expanded, d);
    }

    /** Views of consecutive pieces along {@code dim} with the given sizes, which must add up. */
    public List<NDArray> split(int[] sizes, int dim) {
        int d = Shapes.dim("split", dim, shape.length);
        int total = Arrays.stream(sizes).sum();
        if (total != shape[d])
            throw new IllegalArgumentException("split: sizes " + Shapes.str(sizes) + " add up to " + total
                    + ", but dimension " + dim + " of " + Shapes.str(shape) + " has " + shape[d]);
        List<NDArray> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int s : sizes) {
            out.add(narrow(d, at, s));
            at += s;
        }
        return out;
    }

    // ================================================================ indexing

    /** The entries {@code index[0], index[1], ...} along {@code dim}; index is 1-d. */
    public NDArray indexSelect(int dim, NDArray index) {
        int d = Shapes.dim("indexSelect", dim, shape.length);
        if (index.dim() != 1) throw new IllegalArgumentException("indexSelect: the index must be 1-d, got " + Shapes.str(index.shape));
        checkSameDevice("indexSelect", index);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int len = index.numel();
        // index-select is gather with the index row repeated over outer and inner
        NDArray full = index.to(dtype()).view(1, len, 1).expand(outer, len, inner).contiguous();
        int[] outShape = shape.clone();
        outShape[d] = len;
        return backend().gather(contiguous(), outer, shape[d], inner, full, len).view(outShape);
    }

    /** {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code dim}. */
    public NDArray gather(int dim, NDArray index) {
        int d = Shapes.dim("gather", dim, shape.length);
        checkIndexShape("gather", d, index);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        return backend().gather(contiguous(), outer, shape[d], inner, index.to(dtype()).contiguous(), index.shape[d])
                .view(index.shape);
    }

    /**
     * A zero array of {@code outShape} into which {@code src} is added at {@code index} along
     * {@code dim} (the adjoint of {@link #gather}).
     */
    public static NDArray scatterAdd(int[] outShape, int dim, NDArray index, NDArray src) {
        int d = Shapes.dim("scatterAdd", dim, outShape.length);
        if (!src.sameShape(index))
            throw new IllegalArgumentException("scatterAdd: src " + Shapes.str(src.shape) + " and index " + Shapes.str(index.shape) + " differ");
        zeros(src.dtype(), src.device(), outShape).checkIndexShape("scatterAdd", d, index);
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= outShape[i];
        for (int i = d + 1; i < outShape.length; i++) inner *= outShape[i];
        return src.backend().scatterAdd(src.contiguous(), outer, index.shape[d], inner,
                index.to(src.dtype()).contiguous(), outShape[d]).view(outShape);
    }

    private void checkIndexShape(String op, int d, NDArray index) {
        checkSameDevice(op, index);
        boolean ok = index.dim() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) ok = i == d || index.shape[i] == shape[i];
        if (!ok)
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape) + " must match " + Shapes.str(shape)
                    + " in every dimension but " + d);
    }

    // ================================================================ batch normalisation

    /**
     * The (n, c, l) view batch normalisation works on: dimension 1 holds the channels, the
     * dimensions after it are flattened into l. Needs at least 2 dimensions.
     */
    public int[] channelLayout(String op) {
        if (shape.length < 2)
            throw new IllegalArgumentException(op + ": needs (N, C, ...) input, got " + Shapes.str(shape));
        int l = 1;
        for (int i = 2; i < shape.length; i++) l *= shape[i];
        return new int[] {shape[0], shape[1], l};
    }

    /** Per-channel (dimension 1) mean and biased variance over all other dimensions: {mean, var}. */
    public NDArray[] channelStats() {
        int[] ncl = channelLayout("channelStats");
        return backend().channelStats(contiguous(), ncl[0], ncl[1], ncl[2]);
    }

    /**
     * x * scale[c] + shift[c] along dimension 1, in one pass; with {@code relu}, the {@link #relu()}
     * of that in the same pass, the same bits as the two ops.
     */
    public NDArray channelAffine(NDArray scale, NDArray shift, boolean relu) {
        int[] ncl = channelLayout("channelAffine");
        if (scale.numel() != ncl[1] || shift.numel() != ncl[1])
            throw new IllegalArgumentException("channelAffine: " + ncl[1] + " channels but scale " + Shapes.str(scale.shape)
                    + " and shift " + Shapes.str(shift.shape));
        return backend().channelAffine(contiguous(), ncl[0], ncl[1], ncl[2], scale.to(dtype()).contiguous(),
                shift.to(dtype()).contiguous(), relu).view(shape);
    }

    /**
     * Batch normalisation's per-channel values from the statistics, {invstd, scale, shift} with
     * invstd = 1 / sqrt(var + eps), scale = gamma * invstd, shift = beta - mean * scale: the same
     * bits as those composed ops ({@link Backend#batchNormParams}), in one pass. All four are (c);
     * var, gamma and beta are converted to mean's dtype.
     */
    public static NDArray[] batchNormParams(NDArray mean, NDArray var, NDArray gamma, NDArray beta, double eps) {
        int c = mean.numel();
        for (NDArray a : new NDArray[] {mean, var, gamma, beta}) {
            mean.checkSameDevice("batchNormParams", a);
            if (a.shape.length != 1 || a.shape[0] != c)
                throw new IllegalArgumentException("batchNormParams: mean, var, gamma and beta must be (" + c + "), got "
                        + Shapes.str(mean.shape) + ", " + Shapes.str(var.shape) + ", " + Shapes.str(gamma.shape) + ", "
                        + Shapes.str(beta.shape));
        }
        DType t = mean.dtype();
        return mean.backend().batchNormParams(mean.contiguous(), var.to(t).contiguous(), gamma.to(t).contiguous(),
                beta.to(t).contiguous(), eps);
    }

    /**
     * {@link #channelStats()} and {@link #batchNormParams} of its results with gamma and beta (each
     * (C), converted to this dtype) in one: {mean, var, invstd, scale, shift}, each (C); one launch
     * on a GPU, the same bits as the two calls.
     */
    public NDArray[] channelStatsAndParams(NDArray gamma, NDArray beta, double eps) {
        int[] ncl = channelLayout("channelStatsAndParams");
        checkSameDevice("channelStatsAndParams", gamma);
        checkSameDevice("channelStatsAndParams", beta);
        if (gamma.shape.length != 1 || gamma.shape[0] != ncl[1] || beta.shape.length != 1 || beta.shape[0] != ncl[1])
            throw new IllegalArgumentException("channelStatsAndParams: " + ncl[1] + " channels but gamma " + Shapes.str(gamma.shape)
                    + " and beta " + Shapes.str(beta.shape));
        return backend().channelStatsAndParams(contiguous(), ncl[0], ncl[1], ncl[2], gamma.to(dtype()).contiguous(),
                beta.to(dtype()).contiguous(), eps);
    }

    /**
     * Updates batch normalisation's running statistics in place from a batch's {@code mean} and
     * biased variance over {@code n} values per channel, and adds 1 to the 0-d
     * {@code batchesTracked}: see {@link Backend#batchNormUpdateRunning}, one launch on a GPU.
     */
    public static void batchNormUpdateRunning(NDArray runningMean, NDArray runningVar, NDArray batchesTracked, NDArray mean,
                                              NDArray biasedVar, double momentum, int n) {
        int c = runningMean.numel();
        for (NDArray a : new NDArray[] {runningVar, batchesTracked, mean, biasedVar})
            runningMean.checkSameDevice("batchNormUpdateRunning", a);
        for (NDArray a : new NDArray[] {runningMean, runningVar, mean, biasedVar}) {
            if (a.shape.length != 1 || a.shape[0] != c)
                throw new IllegalArgumentException("batchNormUpdateRunning: running mean and variance, mean and variance must be ("
                        + c + "), got " + Shapes.str(runningMean.shape) + ", " + Shapes.str(runningVar.shape) + ", "
                        + Shapes.str(mean.shape) + ", " + Shapes.str(biasedVar.shape));
        }
        if (batchesTracked.numel() != 1)
            throw new IllegalArgumentException("batchNormUpdateRunning: batchesTracked must hold one value, got "
                    + Shapes.str(batchesTracked.shape));
        runningMean.backend().batchNormUpdateRunning(runningMean, runningVar, batchesTracked, mean, biasedVar, momentum, n);
    }

    /**
     * The batch-norm gradient, {dx, dgamma, dbeta}; see {@link Backend#batchNormBackward}. With
     * {@code reluOut}, the output of batch norm + ReLU as one op ({@link #channelAffine} with relu),
     * the gradient of that op: g masked by the ReLU within the same passes; null for batch norm alone.
     */
    public static NDArray[] batchNormBackward(NDArray g, NDArray reluOut, NDArray x, NDArray mean, NDArray invstd, NDArray gamma,
                                              boolean training) {
        int[] ncl = x.channelLayout("batchNormBackward");
        if (reluOut != null) {
            x.checkSameDevice("batchNormBackward", reluOut);
            if (!Arrays.equals(reluOut.shape, x.shape) || reluOut.dtype() != x.dtype())
                throw new IllegalArgumentException("batchNormBackward: the ReLU's output must be x's shape and dtype "
                        + Shapes.str(x.shape) + " " + x.dtype() + ", got " + Shapes.str(reluOut.shape) + " " + reluOut.dtype());
        }
        NDArray[] r = x.backend().batchNormBackward(g.contiguous(), reluOut == null ? null : reluOut.contiguous(), x.contiguous(),
                ncl[0], ncl[1], ncl[2], mean.contiguous(), invstd.contiguous(), gamma.to(x.dtype()).contiguous(), training);
        return new NDArray[] {r[0].view(x.shape), r[1], r[2]};
    }

    // ================================================================ convolution and pooling (NCHW)

    public ConvGeometry convGeometry(int[] weightShape, int stride, int padding) {
        if (shape.length != 4 || weightShape.length != 4)
            throw new IllegalArgumentException("conv2d: input must be (N, C, H, W) and weight (F, C, KH, KW), got "
                    + Shapes.str(shape) + " and " + Shapes.str(weightShape));
        if (weightShape[1] != shape[1])
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(shape) + " has " + shape[1]
                    + " channels but weight " + Shapes.str(weightShape) + " expects " + weightShape[1]);
        return new ConvGeometry(shape[0], shape[1], shape[2], shape[3], weightShape[0], weightShape[2], weightShape[3],
                stride, stride, padding, padding);
    }

    /** 2-d cross-correlation (PyTorch's conv2d) without bias. */
    public NDArray conv2d(NDArray weight, int stride, int padding) {
        checkSameDevice("conv2d", weight);
        ConvGeometry g = convGeometry(weight.shape, stride, padding);
        return backend().conv2d(contiguous(), weight.to(dtype()).contiguous(), g)
                .view(g.batch(), g.outChannels(), g.outHeight(), g.outWidth());
    }

    public static NDArray conv2dBackwardInput(NDArray gradOut, NDArray weight, ConvGeometry g) {
        return gradOut.backend().conv2dBackwardInput(gradOut.contiguous(), weight.contiguous(), g)
                .view(g.batch(), g.inChannels(), g.height(), g.width());
    }

    public static NDArray conv2dBackwardWeight(NDArray input, NDArray gradOut, ConvGeometry g) {
        return gradOut.backend().conv2dBackwardWeight(input.contiguous(), gradOut.contiguous(), g)
                .view(g.outChannels(), g.inChannels(), g.kernelH(), g.kernelW());
    }

    public PoolGeometry poolGeometry(int kernel, int stride, int padding) {
        if (shape.length != 4) throw new IllegalArgumentException("pool2d: input must be (N, C, H, W), got " + Shapes.str(shape));
        return new PoolGeometry(shape[0], shape[1], shape[2], shape[3], kernel, kernel, stride, stride, padding, padding);
    }

    /** Max-pooling; returns {values, argmax within each input plane}. */
    public NDArray[] maxPool2d(int kernel, int stride, int padding) {
        PoolGeometry g = poolGeometry(kernel, stride, padding);
        NDArray[] r = backend().maxPool2d(contiguous(), g);
        int[] out = {g.batch(), g.channels(), g.outHeight(), g.outWidth()};
        return new NDArray[] {r[0].view(out), r[1].view(out)};
    }

    public static NDArray maxPool2dBackward(NDArray gradOut, NDArray argmax, PoolGeometry g) {
        return gradOut.backend().maxPool2dBackward(gradOut.contiguous(), argmax.contiguous(), g)
                .view(g.batch(), g.channels(), g.height(), g.width());
    }

    public NDArray avgPool2d(int kernel, int stride, int padding) {
        PoolGeometry g = poolGeometry(kernel, stride, padding);
        return backend().avgPool2d(contiguous(), g).view(g.batch(), g.channels(), g.outHeight(), g.outWidth());
    }

    public static NDArray avgPool2dBackward(NDArray gradOut, PoolGeometry g) {
        return gradOut.backend().avgPool2dBackward(gradOut.contiguous(), g)
                .view(g.batch(), g.channels(), g.height(), g.width());
    }

    // ================================================================ checks and printing

    void checkSameDevice(String op, NDArray other) {
        if (!device().equals(other.device()))
            throw new IllegalArgumentException(op + ": tensors are on different devices (" + device() + " and "
                    + other.device() + "); move one with to(device)");
    }

    /** True when both have the same shape and every pair of elements is within atol + rtol*|other|. */
    public boolean allClose(NDArray other, double rtol, double atol) {
        if (!sameShape(other)) return false;
        double[] a = toDoubleArray(), b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) != Double.isNaN(b[i])) return false;
            if (!Double.isNaN(a[i]) && !(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }
}
