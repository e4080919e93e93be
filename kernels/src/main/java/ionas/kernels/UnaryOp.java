package ionas.kernels;

/**
 * The elementwise functions of one argument. {@link #apply} is the one definition of each
 * function's math: the plain CPU loops call it, the Vector API loops and the CUDA kernels are
 * tested against it. Derivatives live with the autograd ops, not here.
 */
public enum UnaryOp {
    NEG { public double apply(double x) { return -x; } },
    EXP { public double apply(double x) { return Math.exp(x); } },
    LOG { public double apply(double x) { return Math.log(x); } },
    SQRT { public double apply(double x) { return Math.sqrt(x); } },
    ABS { public double apply(double x) { return Math.abs(x); } },
    /** max(x, 0); NaN stays NaN, as in PyTorch. */
    RELU { public double apply(double x) { return x > 0 || Double.isNaN(x) ? x : 0; } },
    /** 1 / (1 + e^-x), written so that neither branch overflows for large |x|. */
    SIGMOID {
        public double apply(double x) {
            if (x >= 0) return 1 / (1 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1 + e);
        }
    },
    TANH { public double apply(double x) { return Math.tanh(x); } },
    /** 1 / x. */
    RECIPROCAL { public double apply(double x) { return 1 / x; } },
    /** -1, 0 or 1 (the derivative of abs). */
    SIGN { public double apply(double x) { return Math.signum(x); } };

    public abstract double apply(double x);
}
