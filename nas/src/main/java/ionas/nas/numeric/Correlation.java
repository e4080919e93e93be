package ionas.nas.numeric;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Correlation coefficients as NumPy and SciPy compute them: Pearson's r, Spearman's rho (Pearson's r of the average ranks, so ties
 * share a rank) and Kendall's tau-b (ties in either series counted as in {@code scipy.stats.kendalltau}).
 *
 * <p>Kendall's tau uses Knight's O(n log n) algorithm (sort by one series, count the other's
 * inversions with a merge sort), since the studies bootstrap it over thousands of points.
 */
public final class Correlation {
    private Correlation() {}

    /** Spearman's rho; NaN for fewer than two points or a constant series. */
    public static double spearman(double[] a, double[] b) {
        check(a, b);
        return pearson(averageRanks(a), averageRanks(b));
    }

    /** Kendall's tau-b; NaN for fewer than two points or a constant series. */
    public static double kendall(double[] a, double[] b) {
        check(a, b);
        int n = a.length;
        if (n < 2) return Double.NaN;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, Comparator.<Integer>comparingDouble(i -> a[i]).thenComparingDouble(i -> b[i]));
        double[] bySorted = new double[n];
        for (int i = 0; i < n; i++) bySorted[i] = b[boxed[i]];

        long pairs = (long) n * (n - 1) / 2;
        long tiedA = 0, tiedBoth = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && a[boxed[end + 1]] == a[boxed[start]]) end++;
            tiedA += choose2(end - start + 1);
            for (int s = start; s <= end; ) {
                int e = s;
                while (e + 1 <= end && bySorted[e + 1] == bySorted[s]) e++;
                tiedBoth += choose2(e - s + 1);
                s = e + 1;
            }
            start = end + 1;
        }
        long swaps = mergeSortCountingSwaps(bySorted, new double[n], 0, n);
        long tiedB = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && bySorted[end + 1] == bySorted[start]) end++;
            tiedB += choose2(end - start + 1);
            start = end + 1;
        }
        double numerator = pairs - tiedA - tiedB + tiedBoth - 2.0 * swaps;
        double denominator = Math.sqrt((double) (pairs - tiedA) * (pairs - tiedB));
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** Ranks from 1, ties given the mean of the ranks they span. */
    public static double[] averageRanks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && x[order[end + 1]] == x[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /** Pearson's correlation coefficient; NaN for fewer than two points or a constant series. */
    public static double pearson(double[] a, double[] b) {
        check(a, b);
        int n = a.length;
        if (n < 2) return Double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Sorts {@code x[from, to)} ascending and returns how many strictly inverted pairs it had. */
    private static long mergeSortCountingSwaps(double[] x, double[] scratch, int from, int to) {
        if (to - from < 2) return 0;
        int mid = (from + to) >>> 1;
        long swaps = mergeSortCountingSwaps(x, scratch, from, mid) + mergeSortCountingSwaps(x, scratch, mid, to);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) {
            if (x[j] < x[i]) {
                swaps += mid - i;
                scratch[k++] = x[j++];
            } else {
                scratch[k++] = x[i++];
            }
        }
        while (i < mid) scratch[k++] = x[i++];
        while (j < to) scratch[k++] = x[j++];
        System.arraycopy(scratch, from, x, from, to - from);
        return swaps;
    }

    private static long choose2(long m) {
        return m * (m - 1) / 2;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("series of different lengths: " + a.length + " and " + b.length);
    }
}
