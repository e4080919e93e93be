package ionas.kernels;

/**
 * The elementwise functions of two arguments, with the same role as {@link UnaryOp}: {@link #apply}
 * defines the math once. Comparisons return 1 or 0, so a mask is an ordinary float tensor.
 */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } },
    DIV { public double apply(double a, double b) { return a / b; } },
    POW { public double apply(double a, double b) { return Math.pow(a, b); } },
    /** The larger of the two; NaN wins, as in torch.maximum. */
    MAX { public double apply(double a, double b) { return Double.isNaN(a) || a >= b ? a : b; } },
    /** The smaller of the two; NaN wins, as in torch.minimum. */
    MIN { public double apply(double a, double b) { return Double.isNaN(a) || a <= b ? a : b; } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } };

    public abstract double apply(double a, double b);

    /** True for the comparisons, whose result is a 0/1 mask with no gradient. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }
}
