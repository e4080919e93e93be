package ionas.autograd;

import ionas.tensor.NDArray;

/**
 * Elementwise ops. Each derivative sits right under its forward formula, in tensor ops on the
 * op's inputs and output, so it can be differentiated again; masks (where x &gt; 0, which input
 * won) are constants, as their derivative is zero wherever it exists. Gradients keep the broadcast
 * shape of the output, and the engine sums them back to each input's shape.
 */
public final class Elementwise {
    private Elementwise() {}

    // ---------------------------------------------------------------- two inputs

    /** a + b;  d/da = 1, d/db = 1. */
    public static final class Add extends Op {
        protected NDArray forward(NDArray... x) { return x[0].add(x[1]); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g, g}; }
    }

    /** a - b;  d/da = 1, d/db = -1. */
    public static final class Sub extends Op {
        protected NDArray forward(NDArray... x) { return x[0].sub(x[1]); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g, needsGrad(1) ? g.neg() : null}; }
    }

    /** a * b;  d/da = b, d/db = a. */
    public static final class Mul extends Op {
        protected NDArray forward(NDArray... x) { return x[0].mul(x[1]); }
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? g.mul(input(1)) : null, needsGrad(1) ? g.mul(input(0)) : null};
        }
    }

    /** a / b;  d/da = 1/b, d/db = -a/b^2. */
    public static final class Div extends Op {
        protected NDArray forward(NDArray... x) { return x[0].div(x[1]); }
        protected Tensor[] backward(Tensor g) {
            Tensor a = input(0), b = input(1);
            Tensor ga = needsGrad(0) || needsGrad(1) ? g.div(b) : null;
            return new Tensor[] {ga, needsGrad(1) ? ga.mul(a).div(b).neg() : null};
        }
    }

    /** a ^ b;  d/da = b a^(b-1), d/db = a^b ln a (taken as 0 where a = 0, as PyTorch does). */
    public static final class Pow extends Op {
        protected NDArray forward(NDArray... x) { return x[0].pow(x[1]); }
        protected Tensor[] backward(Tensor g) {
            Tensor a = input(0), b = input(1);
            Tensor ga = needsGrad(0) ? g.mul(b).mul(a.pow(b.sub(1))) : null;
            Tensor gb = null;
            if (needsGrad(1)) {
                Tensor logA = Tensor.where(Tensor.of(a.data().eq(0)), a.mul(0), a.log());
                gb = g.mul(output()).mul(logA);
            }
            return new Tensor[] {ga, gb};
        }
    }

    /**
     * max(a, b); the gradient goes to the larger input, and is split in half on ties (as
     * torch.maximum does), so the sum of both gradients is always the incoming gradient.
     */
    public static final class Maximum extends Op {
        protected NDArray forward(NDArray... x) { return x[0].maximum(x[1]); }
        protected Tensor[] backward(Tensor g) {
            NDArray a = input(0).data(), b = input(1).data();
            return splitByWinner(g, a.gt(b), a.eq(b));
        }
    }

    /** min(a, b), with the gradient rule of {@link Maximum}. */
    public static final class Minimum extends Op {
        protected NDArray forward(NDArray... x) { return x[0].minimum(x[1]); }
        protected Tensor[] backward(Tensor g) {
            NDArray a = input(0).data(), b = input(1).data();
            return splitByWinner(g, a.lt(b), a.eq(b));
        }
    }

    private static Tensor[] splitByWinner(Tensor g, NDArray aWins, NDArray tie) {
        NDArray shareA = aWins.add(tie.mul(0.5));
        return new Tensor[] {g.mul(Tensor.of(shareA)), g.mul(Tensor.of(shareA.neg().add(1)))};
    }

    /** cond ? a : b;  the gradient goes to whichever input was chosen; cond gets none. */
    public static final class Where extends Op {
        protected NDArray forward(NDArray... x) { return NDArray.where(x[0], x[1], x[2]); }
        protected Tensor[] backward(Tensor g) {
            Tensor cond = Tensor.of(input(0).data()), zero = g.mul(0);
            return new Tensor[] {null, needsGrad(1) ? Tensor.where(cond, g, zero) : null,
                    needsGrad(2) ? Tensor.where(cond, zero, g) : null};
        }
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

        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {switch (kind) {
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
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.neg()}; }
    }

    /** e^x;  d/dx = e^x, the output itself. */
    public static final class Exp extends Op {
        protected NDArray forward(NDArray... x) { return x[0].exp(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(output())}; }
    }

    /** ln x;  d/dx = 1/x. */
    public static final class Log extends Op {
        protected NDArray forward(NDArray... x) { return x[0].log(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.div(input(0))}; }
    }

    /** sqrt x;  d/dx = 1 / (2 sqrt x). */
    public static final class Sqrt extends Op {
        protected NDArray forward(NDArray... x) { return x[0].sqrt(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.div(output().mul(2))}; }
    }

    /** |x|;  d/dx = sign(x), 0 at 0 (as PyTorch). */
    public static final class Abs extends Op {
        protected NDArray forward(NDArray... x) { return x[0].abs(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(Tensor.of(input(0).data().sign()))}; }
    }

    /** max(x, 0);  d/dx = 1 where the output is positive, else 0 (so 0 at x = 0, as PyTorch). */
    public static final class Relu extends Op {
        protected NDArray forward(NDArray... x) { return x[0].relu(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {gradient(g, output())}; }

        /** The gradient through a ReLU whose output is {@code y}: g where y > 0, else 0 (the mask a constant). */
        static Tensor gradient(Tensor g, Tensor y) {
            return g.mul(Tensor.of(y.data().gt(0)));
        }
    }

    /** s = 1 / (1 + e^-x);  d/dx = s (1 - s). */
    public static final class Sigmoid extends Op {
        protected NDArray forward(NDArray... x) { return x[0].sigmoid(); }
        protected Tensor[] backward(Tensor g) {
            Tensor s = output();
            return new Tensor[] {g.mul(s).mul(s.neg().add(1))};
        }
    }

    /** t = tanh x;  d/dx = 1 - t^2. */
    public static final class Tanh extends Op {
        protected NDArray forward(NDArray... x) { return x[0].tanh(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(output().square().neg().add(1))}; }
    }

    /**
     * min(max(x, lo), hi);  d/dx = 1 where lo &lt;= x &lt;= hi (ends included, as torch.clamp), else 0.
     * Its own op rather than maximum then minimum, whose tie rule would halve the gradient at the ends.
     */
    public static final class Clamp extends Op {
        private final double lo, hi;
        public Clamp(double lo, double hi) { this.lo = lo; this.hi = hi; }
        protected NDArray forward(NDArray... x) { return x[0].clamp(lo, hi); }
        protected Tensor[] backward(Tensor g) {
            NDArray in = input(0).data();
            return new Tensor[] {g.mul(Tensor.of(in.ge(lo).mul(in.le(hi))))};
        }
        public String name() { return "Clamp(" + lo + ", " + hi + ")"; }
    }
}
