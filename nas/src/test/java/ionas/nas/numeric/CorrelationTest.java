package ionas.nas.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void tiesShareTheMeanOfTheirRanks() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Correlation.averageRanks(new double[] {1, 2, 2, 3}));
        assertArrayEquals(new double[] {3, 1, 3, 3}, Correlation.averageRanks(new double[] {5, -1, 5, 5}));
    }

    @Test
    void spearmanIsPearsonOfTheAverageRanks() {
        // numpy.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1]
        assertEquals(0.9486832980505138, Correlation.spearman(new double[] {1, 2, 2, 3}, new double[] {10, 20, 30, 40}), 1e-15);
        assertEquals(1.0, Correlation.spearman(new double[] {1, 2, 3}, new double[] {1, 8, 27}), 1e-15);
        assertEquals(-1.0, Correlation.spearman(new double[] {1, 2, 3}, new double[] {3, 2, -9}), 1e-15);
    }

    @Test
    void kendallMatchesTheTauBDefinitionOnDataWithTies() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(60);
            double[] a = new double[n], b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.nextInt(6);
                b[i] = trial % 2 == 0 ? random.nextInt(4) : a[i] + random.nextGaussian();
            }
            double expected = tauBByPairs(a, b);
            double actual = Correlation.kendall(a, b);
            if (Double.isNaN(expected)) assertTrue(Double.isNaN(actual), "trial " + trial);
            else assertEquals(expected, actual, 1e-12, "trial " + trial);
        }
    }

    @Test
    void kendallOfSmallCases() {
        assertEquals(1.0, Correlation.kendall(new double[] {1, 2, 3, 4}, new double[] {2, 3, 5, 9}), 1e-15);
        assertEquals(-1.0, Correlation.kendall(new double[] {1, 2, 3, 4}, new double[] {9, 5, 3, 2}), 1e-15);
        // 5 concordant and 1 discordant of 6 pairs, no ties
        assertEquals(4.0 / 6, Correlation.kendall(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-15);
        assertTrue(Double.isNaN(Correlation.kendall(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    @Test
    void seriesOfDifferentLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlation.kendall(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 and 1"), e.getMessage());
    }

    /** tau-b from its definition: (concordant - discordant) / sqrt((pairs - ties in a)(pairs - ties in b)). */
    private static double tauBByPairs(double[] a, double[] b) {
        long concordant = 0, discordant = 0, untiedA = 0, untiedB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double s = Math.signum(a[i] - a[j]) * Math.signum(b[i] - b[j]);
                if (s > 0) concordant++;
                if (s < 0) discordant++;
                if (a[i] != a[j]) untiedA++;
                if (b[i] != b[j]) untiedB++;
            }
        }
        double denominator = Math.sqrt((double) untiedA * untiedB);
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
