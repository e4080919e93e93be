package ionas.autograd.ops;

import ionas.autograd.Op;
import ionas.tensor.NDArray;

/**
 * Elementwise ops. Each derivative sits right under its forward formula; gradients keep the
 * broadcast shape of the output, and the engine sums them back to each input's shape.
 */
public final class Elementwise {
    private Elementwise() {}

    // ---------------------------------------------------------------- two inputs

    /** a + b;  d/da = 1, d/db = 1. */
    public static final class Add extends Op {
        protected NDArray forward(NDArray... x) { return x[0].add(x[1]); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g, g}; }
    }

    /** a - b;  d/da = 1, d/db = -1. */
    public static final class Sub extends Op {
        protected NDArray forward(NDArray... x) { return x[0].sub(x[1]); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g, needsGrad(1) ? g.neg() : null}; }
    }

    /** a * b;  d/da = b, d/db = a. */
    public static final class Mul extends Op {
        private NDArray a, b;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; return a.mul(b); }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {needsGrad(0) ? g.mul(b) : null, needsGrad(1) ? g.mul(a) : null};
        }
        protected void releaseSaved() { a = b = null; }
    }

    /** a / b;  d/da = 1/b, d/db = -a/b^2. */
    public static final class Div extends Op {
        private NDArray a, b;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; return a.div(b); }
        protected NDArray[] backward(NDArray g) {
            NDArray ga = needsGrad(0) || needsGrad(1) ? g.div(b) : null;
            return new NDArray[] {ga, needsGrad(1) ? ga.mul(a).div(b).neg() : null};
        }
        protected void releaseSaved() { a = b = null; }
    }

    /** a ^ b;  d/da = b a^(b-1), d/db = a^b ln a (taken as 0 where a = 0, as PyTorch does). */
    public static final class Pow extends Op {
        private NDArray a, b, out;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; out = a.pow(b); return out; }
        protected NDArray[] backward(NDArray g) {
            NDArray ga = needsGrad(0) ? g.mul(b).mul(a.pow(b.sub(1))) : null;
            NDArray gb = null;
            if (needsGrad(1)) {
                NDArray logA = NDArray.where(a.eq(0), a.mul(0), a.log());
                gb = g.mul(out).mul(logA);
            }
            return new NDArray[] {ga, gb};
        }
        protected void releaseSaved() { a = b = out = null; }
    }

    /**
     * max(a, b); the gradient goes to the larger input, and is split in half on ties (as
     * torch.maximum does), so the sum of both gradients is always the incoming gradient.
     */
    public static final class Maximum extends Op {
        private NDArray a, b;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; return a.maximum(b); }
        protected NDArray[] backward(NDArray g) { return splitByWinner(g, a.gt(b), a.eq(b)); }
        protected void releaseSaved() { a = b = null; }
    }

    /** min(a, b), with the gradient rule of {@link Maximum}. */
    public static final class Minimum extends Op {
        private NDArray a, b;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; return a.minimum(b); }
        protected NDArray[] backward(NDArray g) { return splitByWinner(g, a.lt(b), a.eq(b)); }
        protected void releaseSaved() { a = b = null; }
    }

    private static NDArray[] splitByWinner(NDArray g, NDArray aWins, NDArray tie) {
        NDArray shareA = aWins.add(tie.mul(0.5));
        return new NDArray[] {g.mul(shareA), g.mul(shareA.neg().add(1))};
    }

    /** cond ? a : b;  the gradient goes to whichever input was chosen; cond gets none. */
    public static final class Where extends Op {
        private NDArray cond;
        protected NDArray forward(NDArray... x) { cond = x[0]; return NDArray.where(cond, x[1], x[2]); }
        protected NDArray[] backward(NDArray g) {
            NDArray zero = g.mul(0);
            return new NDArray[] {null, needsGrad(1) ? NDArray.where(cond, g, zero) : null,
                    needsGrad(2) ? NDArray.where(cond, zero, g) : null};
        }
        protected void releaseSaved() { cond = null; }
    }

    // ---------------------------------------------------------------- one input

    /**
     * x + s, x - s, s - x, x * s, x / s for a constant s (of x's dtype);  d/dx = 1, 1, -1, s, 1/s.
     * The same values as the two-input op with a filled constant, with s passed on as a number
     * (a GPU backend's kernel argument) rather than as a tensor.
     */
    public static final class Scalar extends Op {
        /** The five forms. */
        public enum Kind { ADD, SUB, RSUB, MUL, DIV }

        private final Kind kind;
        private final double s;

        public Scalar(Kind kind, double s) {
            this.kind = kind;
            this.s = s;
        }

        protected NDArray forward(NDArray... x) {
            return switch (kind) {
                case ADD -> x[0].add(s);
                case SUB -> x[0].sub(s);
                case RSUB -> x[0].rsub(s);
                case MUL -> x[0].mul(s);
                case DIV -> x[0].div(s);
            };
        }

        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {switch (kind) {
                case ADD, SUB -> g;
                case RSUB -> g.neg();
                case MUL -> g.mul(s);
                case DIV -> g.div(s);
            }};
        }

        public String name() { return "Scalar(" + kind + ", " + s + ")"; }
    }

    /** -x;  d/dx = -1. */
    public static final class Neg extends Op {
        protected NDArray forward(NDArray... x) { return x[0].neg(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.neg()}; }
    }

    /** e^x;  d/dx = e^x, the output itself. */
    public static final class Exp extends Op {
        private NDArray out;
        protected NDArray forward(NDArray... x) { out = x[0].exp(); return out; }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(out)}; }
        protected void releaseSaved() { out = null; }
    }

    /** ln x;  d/dx = 1/x. */
    public static final class Log extends Op {
        private NDArray in;
        protected NDArray forward(NDArray... x) { in = x[0]; return in.log(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.div(in)}; }
        protected void releaseSaved() { in = null; }
    }

    /** sqrt x;  d/dx = 1 / (2 sqrt x). */
    public static final class Sqrt extends Op {
        private NDArray out;
        protected NDArray forward(NDArray... x) { out = x[0].sqrt(); return out; }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.div(out.mul(2))}; }
        protected void releaseSaved() { out = null; }
    }

    /** |x|;  d/dx = sign(x), 0 at 0 (as PyTorch). */
    public static final class Abs extends Op {
        private NDArray in;
        protected NDArray forward(NDArray... x) { in = x[0]; return in.abs(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(in.sign())}; }
        protected void releaseSaved() { in = null; }
    }

    /** max(x, 0);  d/dx = 1 where the output is positive, else 0 (so 0 at x = 0, as PyTorch). */
    public static final class Relu extends Op {
        private NDArray out;
        protected NDArray forward(NDArray... x) { out = x[0].relu(); return out; }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(out.gt(0))}; }
        protected void releaseSaved() { out = null; }
    }

    /** s = 1 / (1 + e^-x);  d/dx = s (1 - s). */
    public static final class Sigmoid extends Op {
        private NDArray out;
        protected NDArray forward(NDArray... x) { out = x[0].sigmoid(); return out; }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(out).mul(out.neg().add(1))}; }
        protected void releaseSaved() { out = null; }
    }

    /** t = tanh x;  d/dx = 1 - t^2. */
    public static final class Tanh extends Op {
        private NDArray out;
        protected NDArray forward(NDArray... x) { out = x[0].tanh(); return out; }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(out.square().neg().add(1))}; }
        protected void releaseSaved() { out = null; }
    }

    /**
     * min(max(x, lo), hi);  d/dx = 1 where lo &lt;= x &lt;= hi (ends included, as torch.clamp), else 0.
     * Its own op rather than maximum then minimum, whose tie rule would halve the gradient at the ends.
     */
    public static final class Clamp extends Op {
        private final double lo, hi;
        private NDArray in;
        public Clamp(double lo, double hi) { this.lo = lo; this.hi = hi; }
        protected NDArray forward(NDArray... x) { in = x[0]; return in.clamp(lo, hi); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(in.ge(lo).mul(in.le(hi)))}; }
        protected void releaseSaved() { in = null; }
        public String name() { return "Clamp(" + lo + ", " + hi + ")"; }
    }
}
