package ionas.nas.numeric;

/**
 * The standard normal density and distribution function as {@code torch.distributions.Normal}
 * evaluates them for arch2vec's expected improvement: {@code cdf(u) = (1 + erf(u / sqrt 2)) / 2},
 * which rounds to 0 far in the lower tail (below about -8.3 in double precision) instead of
 * returning the tiny true value, and {@code pdf(u) = exp(log_prob(u))}.
 */
public final class StandardNormal {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private StandardNormal() {}

    public static double pdf(double u) {
        return Math.exp(-0.5 * u * u - LOG_SQRT_2PI);
    }

    public static double cdf(double u) {
        return 0.5 * (1 + erf(u / Math.sqrt(2)));
    }

    /** erf to about 1e-15 absolute: its Maclaurin series below 2.5, 1 - erfc by continued fraction above. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        double r = a < 2.5 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    private static double erfSeries(double x) {
        // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double erfcContinuedFraction(double x) {
        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), by modified Lentz
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++) {
            double ak = k / 2.0;
            d = x + ak * d;
            d = d == 0 ? tiny : d;
            c = x + ak / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
