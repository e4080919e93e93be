package ionas.nas.random;

/**
 * NumPy's legacy {@code RandomState.normal(loc, scale)} drawn from a {@link NumpyRandomState}'s
 * stream: Marsaglia's polar method on {@code random_sample()} doubles, which yields two deviates
 * per accepted pair; the second ({@code f * x1}) is cached and returned by the next call, as
 * NumPy's {@code has_gauss} state does. pybnn's prior draws its starting hyper-parameters this way
 * from the same {@code RandomState} that shuffled the minibatches (spec 3.10).
 *
 * <p>Every normal drawn from that state must go through one instance, so that the cache is shared.
 */
public final class NumpyNormal {
    private static final long ALL_BITS = 0xFFFFFFFFL;

    private final NumpyRandomState state;
    private boolean hasCached;
    private double cached;

    public NumpyNormal(NumpyRandomState state) {
        this.state = state;
    }

    /** {@code normal(loc, scale)} for one value ({@code size=1}). */
    public double next(double loc, double scale) {
        return loc + scale * gauss();
    }

    private double gauss() {
        if (hasCached) {
            hasCached = false;
            return cached;
        }
        double x1, x2, r2;
        do {
            x1 = 2 * uniform() - 1;
            x2 = 2 * uniform() - 1;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1 || r2 == 0);
        double f = Math.sqrt(-2 * Math.log(r2) / r2);
        cached = f * x1;
        hasCached = true;
        return f * x2;
    }

    // random_sample(): 53 bits from two outputs. interval(2^32 - 1) masks nothing and rejects
    // nothing, so it hands back the raw 32-bit output of the same stream.
    private double uniform() {
        long a = state.interval(ALL_BITS) >>> 5, b = state.interval(ALL_BITS) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
}
