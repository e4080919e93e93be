package ionas.autograd;

import ionas.autograd.Convolution;
import ionas.autograd.Elementwise;
import ionas.autograd.Indexing;
import ionas.autograd.LinearAlgebra;
import ionas.autograd.Normalization;
import ionas.autograd.Reductions;
import ionas.autograd.Views;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An {@link NDArray} that remembers how it was made, so that gradients can flow back to it.
 *
 * <p>A tensor made by the user is a <em>leaf</em>; {@link #requiresGrad(boolean)} asks for its
 * gradient. Every op on tensors that require gradients records an {@link Op} as the output's
 * {@link #gradFn()}; {@link #backward()} walks those ops in reverse and leaves each leaf's
 * gradient in {@link #grad()}, adding to what was there (call {@link #zeroGrad()} between steps).
 * Inside {@link Autograd#noGrad()} nothing is recorded.
 *
 * <p>Composite ops (sub-expressions such as {@link #mean}, {@link #var}, {@link #square}) are built
 * from the primitive ones and need no gradient code of their own.
 */
public class Tensor {
    private NDArray data;
    private final Op gradFn;
    private boolean requiresGrad;
    private boolean retainGrad;
    private NDArray grad;
    private Tensor gradWithGraph; // the gradient as backward(CREATE_GRAPH) made it, or null
    private String name;
    private List<UnaryOperator<NDArray>> hooks;

    Tensor(NDArray data, boolean requiresGrad, Op gradFn) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    /** A leaf, for subclasses such as {@code ionas.nn.Parameter}. */
    protected Tensor(NDArray data, boolean requiresGrad) {
        this(data, requiresGrad, null);
    }

    // ================================================================ creation

    /** A leaf tensor over {@code data} (shared, not copied) that does not require a gradient. */
    public static Tensor of(NDArray data) {
        return new Tensor(data, false, null);
    }

    public static Tensor of(float[] values, int... shape) { return of(NDArray.of(values, shape)); }
    public static Tensor of(double[] values, int... shape) { return of(NDArray.of(values, shape)); }
    public static Tensor scalar(double value) { return of(NDArray.scalar(value)); }
    public static Tensor zeros(int... shape) { return of(NDArray.zeros(shape)); }
    public static Tensor ones(int... shape) { return of(NDArray.ones(shape)); }
    public static Tensor rand(Generator gen, int... shape) { return of(NDArray.rand(gen, shape)); }
    public static Tensor randn(Generator gen, int... shape) { return of(NDArray.randn(gen, shape)); }

    // ================================================================ state

    /**
     * Replaces a leaf's values by {@code values} of the same shape and type, possibly on another
     * device (PyTorch's {@code param.data = ...}): what {@code Module.to(Device)} does to every
     * parameter. The gradient is dropped, as it belongs to the old values.
     */
    public void setData(NDArray values) {
        if (gradFn != null) throw new IllegalStateException("setData: only a leaf's values can be replaced, not those of an op's result");
        if (!values.sameShape(data) || values.dtype() != data.dtype())
            throw new IllegalArgumentException("setData: expected " + data.dtype() + " " + java.util.Arrays.toString(data.shape()) + ", got "
                    + values.dtype() + " " + java.util.Arrays.toString(values.shape()));
        data = values;
        grad = null;
    }

    public NDArray data() { return data; }
    public int[] shape() { return data.shape(); }
    public int dim() { return data.dim(); }
    public int size(int dim) { return data.size(dim); }
    public int numel() { return data.numel(); }
    public DType dtype() { return data.dtype(); }
    public Device device() { return data.device(); }
    public double item() { return data.item(); }
    public float[] toFloatArray() { return data.toFloatArray(); }

    public boolean requiresGrad() { return requiresGrad; }

    /** Asks for (or stops asking for) this leaf's gradient; returns this tensor. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value)
            throw new IllegalStateException("requiresGrad(false) on a tensor made by " + gradFn.name()
                    + ": only leaves can change it; use detach()");
        requiresGrad = value;
        return this;
    }

    /** True for tensors the user made (no creator op). */
    public boolean isLeaf() { return gradFn == null; }

    /** The op that made this tensor, or null for a leaf. */
    public Op gradFn() { return gradFn; }

    /** The accumulated gradient's values, or null; {@link #gradTensor()} is the same gradient with its graph. */
    public NDArray grad() { return grad; }

    /**
     * The accumulated gradient as a tensor, or null: after {@code backward(CREATE_GRAPH)} one whose
     * graph leads back to the inputs, so that it can be differentiated again (as PyTorch's
     * {@code x.grad} after {@code create_graph=True}); otherwise a constant over {@link #grad()}.
     */
    public Tensor gradTensor() {
        if (gradWithGraph != null) return gradWithGraph;
        return grad == null ? null : of(grad);
    }

    /** Replaces the gradient (null clears it); optimisers and clipping use this. */
    public void setGrad(NDArray g) {
        if (g != null && !g.sameShape(data))
            throw new IllegalArgumentException("setGrad: gradient " + Shapes.str(g.shape()) + " for a tensor " + Shapes.str(data.shape()));
        grad = g;
        gradWithGraph = null;
    }

    /** Clears the gradient (to null, like PyTorch's default {@code set_to_none=True}). */
    public void zeroGrad() {
        grad = null;
        gradWithGraph = null;
    }

    /** Keeps the gradient of this non-leaf tensor too, so {@link #grad()} shows it after backward. */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() { return retainGrad; }

    /** A name for printed graphs; returns this tensor. */
    public Tensor named(String name) {
        this.name = name;
        return this;
    }

    public String name() { return name; }

    /**
     * Registers a function that sees this tensor's gradient during backward, before it is used,
     * and may return a replacement (or the same array). Hooks see plain arrays, so under
     * {@link BackwardMode#CREATE_GRAPH} a replacement is a constant, with no graph of its own.
     */
    public Tensor registerHook(UnaryOperator<NDArray> hook) {
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
        return this;
    }

    boolean hasHooks() {
        return hooks != null;
    }

    NDArray runHooks(NDArray g) {
        if (hooks == null) return g;
        for (UnaryOperator<NDArray> h : hooks) {
            NDArray r = h.apply(g);
            if (r != null) g = r;
        }
        return g;
    }

    /** Makes {@code g}, which nobody else holds, this tensor's first gradient (no copy). */
    void takeGrad(NDArray g) {
        if (grad != null) throw new IllegalStateException("takeGrad: the tensor already has a gradient");
        grad = g;
    }

    void accumulateGrad(NDArray g) {
        // the first gradient is copied: it may be a view of another tensor's gradient
        grad = grad == null ? g.copy() : grad.add(g);
        gradWithGraph = null;
    }

    /** Adds a gradient that has a graph (backward(CREATE_GRAPH)), keeping the sum differentiable. */
    void accumulateGradWithGraph(Tensor g) {
        gradWithGraph = grad == null ? g : gradTensor().add(g);
        grad = gradWithGraph.data();
    }

    /** The same data cut off from the graph. */
    public Tensor detach() { return new Tensor(data, false, null); }

    // ================================================================ backward

    /** Back-propagates from this one-element tensor (usually a loss), freeing the graph as it goes. */
    public void backward() {
        backward(BackwardMode.FREE_GRAPH);
    }

    /**
     * Back-propagates from this one-element tensor; with {@link BackwardMode#CREATE_GRAPH} every
     * leaf's {@link #gradTensor()} can be differentiated again.
     */
    public void backward(BackwardMode mode) {
        if (numel() != 1)
            throw new IllegalStateException("backward() without a gradient needs a one-element tensor, this one has shape "
                    + Shapes.str(shape()) + "; pass the gradient of the output");
        backward(of(NDArray.full(1, dtype(), device(), shape())), mode);
    }

    /** Back-propagates {@code gradient} (of this tensor's shape); keeps the graph if {@code retainGraph}. */
    public void backward(NDArray gradient, boolean retainGraph) {
        backward(of(gradient), retainGraph ? BackwardMode.RETAIN_GRAPH : BackwardMode.FREE_GRAPH);
    }

    /**
     * Back-propagates {@code gradient} (of this tensor's shape), which may itself have a graph when
     * {@code mode} is {@link BackwardMode#CREATE_GRAPH}.
     */
    public void backward(Tensor gradient, BackwardMode mode) {
        Engine.checkRoot("backward", this, gradient);
        Engine.run(List.of(this), List.of(gradient), null, mode);
    }

    // ================================================================ elementwise

    public Tensor add(Tensor o) { return Op.apply(new Elementwise.Add(), this, o); }
    public Tensor sub(Tensor o) { return Op.apply(new Elementwise.Sub(), this, o); }
    public Tensor mul(Tensor o) { return Op.apply(new Elementwise.Mul(), this, o); }
    public Tensor div(Tensor o) { return Op.apply(new Elementwise.Div(), this, o); }
    public Tensor pow(Tensor o) { return Op.apply(new Elementwise.Pow(), this, o); }
    public Tensor maximum(Tensor o) { return Op.apply(new Elementwise.Maximum(), this, o); }
    public Tensor minimum(Tensor o) { return Op.apply(new Elementwise.Minimum(), this, o); }

    private Tensor constant(double v) { return of(NDArray.full(v, dtype(), device())); }

    // a scalar operand stays a number down to the backend (one kernel argument on a GPU)
    public Tensor add(double s) { return Op.apply(new Elementwise.Scalar(Elementwise.Scalar.Kind.ADD, s), this); }
    public Tensor sub(double s) { return Op.apply(new Elementwise.Scalar(Elementwise.Scalar.Kind.SUB, s), this); }
    public Tensor mul(double s) { return Op.apply(new Elementwise.Scalar(Elementwise.Scalar.Kind.MUL, s), this); }
    public Tensor div(double s) { return Op.apply(new Elementwise.Scalar(Elementwise.Scalar.Kind.DIV, s), this); }
    public Tensor pow(double s) { return pow(constant(s)); }
    /** s - this. */
    public Tensor rsub(double s) { return Op.apply(new Elementwise.Scalar(Elementwise.Scalar.Kind.RSUB, s), this); }

    public Tensor neg() { return Op.apply(new Elementwise.Neg(), this); }
    public Tensor exp() { return Op.apply(new Elementwise.Exp(), this); }
    public Tensor log() { return Op.apply(new Elementwise.Log(), this); }
    public Tensor sqrt() { return Op.apply(new Elementwise.Sqrt(), this); }
    public Tensor abs() { return Op.apply(new Elementwise.Abs(), this); }
    public Tensor relu() { return Op.apply(new Elementwise.Relu(), this); }
    public Tensor sigmoid() { return Op.apply(new Elementwise.Sigmoid(), this); }
    public Tensor tanh() { return Op.apply(new Elementwise.Tanh(), this); }
    public Tensor clamp(double min, double max) { return Op.apply(new Elementwise.Clamp(min, max), this); }
    public Tensor square() { return mul(this); }

    /** {@code cond != 0 ? a : b}; the condition gets no gradient. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Op.apply(new Elementwise.Where(), cond, a, b); }

    // comparisons give 0/1 masks, which have no gradient
    public Tensor eq(Tensor o) { return of(data.eq(o.data)); }
    public Tensor lt(Tensor o) { return of(data.lt(o.data)); }
    public Tensor gt(Tensor o) { return of(data.gt(o.data)); }
    public Tensor gt(double s) { return of(data.gt(s)); }
    public Tensor lt(double s) { return of(data.lt(s)); }

    // ================================================================ reductions

    public Tensor sum(int[] dims, boolean keepdim) { return Op.apply(new Reductions.Sum(dims, keepdim), this); }
    public Tensor sum(int dim, boolean keepdim) { return sum(new int[] {dim}, keepdim); }
    public Tensor sum() { return sum(new int[0], false); }

    public Tensor mean(int[] dims, boolean keepdim) { return sum(dims, keepdim).div(data.countOf("mean", dims)); }
    public Tensor mean(int dim, boolean keepdim) { return mean(new int[] {dim}, keepdim); }
    public Tensor mean() { return mean(new int[0], false); }

    /** Variance; unbiased divides by n-1. */
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
        int n = data.countOf("var", dims);
        Tensor centred = sub(mean(dims, true));
        return centred.square().sum(dims, keepdim).div(unbiased ? Math.max(n - 1, 0) : n);
    }

    public Tensor amax(int[] dims, boolean keepdim) { return Op.apply(new Reductions.Amax(dims, keepdim), this); }
    public Tensor amax(int dim, boolean keepdim) { return amax(new int[] {dim}, keepdim); }
    public Tensor amin(int[] dims, boolean keepdim) { return neg().amax(dims, keepdim).neg(); }

    /** The index of the first maximum along {@code dim} (no gradient). */
    public Tensor argmax(int dim, boolean keepdim) { return of(data.argmax(dim, keepdim)); }

    public Tensor softmax(int dim) { return Op.apply(new Reductions.Softmax(dim), this); }
    public Tensor logSoftmax(int dim) { return Op.apply(new Reductions.LogSoftmax(dim), this); }

    // ================================================================ linear algebra

    /** Matrix product with NumPy's rules (1-d operands, broadcast batch dimensions). */
    public Tensor matmul(Tensor o) {
        if (dim() == 0 || o.dim() == 0)
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got "
                    + Shapes.str(shape()) + " and " + Shapes.str(o.shape()));
        Tensor a = dim() == 1 ? unsqueeze(0) : this;
        Tensor b = o.dim() == 1 ? o.unsqueeze(1) : o;
        Tensor out = Op.apply(new LinearAlgebra.MatMul(), a, b);
        if (dim() == 1) out = out.squeeze(-2);
        if (o.dim() == 1) out = out.squeeze(-1);
        return out;
    }

    // ================================================================ views and joins

    public Tensor reshape(int... shape) { return Op.apply(new Views.Reshape(shape), this); }
    public Tensor view(int... shape) {
        data.view(shape); // fails with the view's own message when the strides do not allow it
        return reshape(shape);
    }
    public Tensor flatten() { return reshape(-1); }
    public Tensor permute(int... order) { return Op.apply(new Views.Permute(order), this); }

    public Tensor transpose(int dim0, int dim1) {
        int[] order = new int[dim()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = Shapes.dim("transpose", dim0, dim()), b = Shapes.dim("transpose", dim1, dim());
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    public Tensor narrow(int dim, int start, int length) { return Op.apply(new Views.Narrow(dim, start, length), this); }
    public Tensor select(int dim, int index) { return narrow(dim, index, 1).squeeze(dim); }
    public Tensor expand(int... shape) { return Op.apply(new Views.Expand(shape), this); }
    public Tensor squeeze(int dim) { return reshape(data.squeeze(dim).shape()); }
    public Tensor unsqueeze(int dim) { return reshape(data.unsqueeze(dim).shape()); }
    public Tensor contiguous() { return data.isContiguous() ? this : Op.apply(new Views.Contiguous(), this); }

    public static Tensor cat(List<Tensor> parts, int dim) {
        return Op.apply(new Views.Cat(dim), parts.toArray(Tensor[]::new));
    }

    public static Tensor stack(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack: no tensors to join");
        int d = Shapes.dim("stack", dim, parts.get(0).dim() + 1);
        return cat(parts.stream().map(t -> t.unsqueeze(d)).toList(), d);
    }

    public List<Tensor> split(int[] sizes, int dim) {
        data.split(sizes, dim); // validates the sizes
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            out.add(narrow(dim, at, s));
            at += s;
        }
        return out;
    }

    // ================================================================ indexing

    public Tensor indexSelect(int dim, NDArray index) { return Op.apply(new Indexing.IndexSelect(dim, index), this); }
    public Tensor gather(int dim, NDArray index) { return Op.apply(new Indexing.Gather(dim, index), this); }

    public static Tensor scatterAdd(int[] shape, int dim, NDArray index, Tensor src) {
        return Op.apply(new Indexing.ScatterAdd(shape, dim, index), src);
    }

    // ================================================================ normalisation

    /** A training-mode batch norm's output and the batch statistics it normalised with. */
    public record BatchNormOutput(Tensor output, NDArray mean, NDArray biasedVar) {}

    /**
     * Batch normalisation over dimension 1 with this batch's statistics (training mode):
     * (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance.
     */
    public BatchNormOutput batchNorm(Tensor gamma, Tensor beta, double eps) {
        return batchNorm(gamma, beta, eps, false);
    }

    /** Batch normalisation with given (running) statistics (evaluation mode). */
    public Tensor batchNorm(Tensor gamma, Tensor beta, NDArray mean, NDArray var, double eps) {
        return batchNorm(gamma, beta, mean, var, eps, false);
    }

    /**
     * {@link #batchNorm(Tensor, Tensor, double)} then {@link #relu()} (the output's), as one op: the
     * same bits, forward and backward, with a pass over the activation fewer each way and one
     * stored activation fewer.
     */
    public BatchNormOutput batchNormRelu(Tensor gamma, Tensor beta, double eps) {
        return batchNorm(gamma, beta, eps, true);
    }

    /** {@link #batchNorm(Tensor, Tensor, NDArray, NDArray, double)} then {@link #relu()}, as one op (see {@link #batchNormRelu}). */
    public Tensor batchNormRelu(Tensor gamma, Tensor beta, NDArray mean, NDArray var, double eps) {
        return batchNorm(gamma, beta, mean, var, eps, true);
    }

    private BatchNormOutput batchNorm(Tensor gamma, Tensor beta, double eps, boolean relu) {
        var op = new Normalization.BatchNorm(eps, relu);
        Tensor y = Op.apply(op, this, gamma, beta);
        return new BatchNormOutput(y, op.batchMean(), op.batchVar());
    }

    private Tensor batchNorm(Tensor gamma, Tensor beta, NDArray mean, NDArray var, double eps, boolean relu) {
        return Op.apply(new Normalization.BatchNorm(mean, var, eps, relu), this, gamma, beta);
    }

    // ================================================================ convolution and pooling

    public Tensor conv2d(Tensor weight, int stride, int padding) {
        return Op.apply(new Convolution.Conv2d(stride, padding), this, weight);
    }

    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return Op.apply(new Convolution.MaxPool2d(kernel, stride, padding), this);
    }

    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return Op.apply(new Convolution.AvgPool2d(kernel, stride, padding), this);
    }

    // ================================================================ printing

    @Override
    public String toString() {
        String s = data.toString();
        String suffix = gradFn != null ? ", gradFn=" + gradFn.name() : requiresGrad ? ", requiresGrad=true" : "";
        return suffix.isEmpty() ? s : s.substring(0, s.length() - 1) + suffix + ")";
    }
}
