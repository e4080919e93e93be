package ionas.kernels;

/** Reductions over one or more dimensions. Mean, variance and friends are built from SUM. */
public enum ReduceOp {
    SUM(0) { public double combine(double acc, double x) { return acc + x; } },
    /** NaN propagates, as in torch.amax. */
    MAX(Double.NEGATIVE_INFINITY) {
        public double combine(double acc, double x) { return acc >= x || Double.isNaN(acc) ? acc : x; }
    },
    MIN(Double.POSITIVE_INFINITY) {
        public double combine(double acc, double x) { return acc <= x || Double.isNaN(acc) ? acc : x; }
    };

    private final double identity;

    ReduceOp(double identity) {
        this.identity = identity;
    }

    /** The value of the reduction over no elements. */
    public double identity() {
        return identity;
    }

    public abstract double combine(double acc, double x);
}
