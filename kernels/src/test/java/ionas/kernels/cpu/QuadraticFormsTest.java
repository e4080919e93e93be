package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuadraticFormsTest {
    /** The documented order: q_j one fma chain over k, then the form summed over j in index order. */
    private static double reference(double[] x, int o, double[] s, int d) {
        double form = 0;
        for (int j = 0; j < d; j++) {
            double q = 0;
            for (int k = 0; k < d; k++) q = Math.fma(x[o + k], s[k * d + j], q);
            form += q * x[o + j];
        }
        return form;
    }

    @Test
    void everyRowIsItsFormInTheDocumentedOrderBitForBit() {
        Random random = new Random(7);
        for (int d : new int[] {1, 3, 7, 8, 16, 33, 128})
            for (int rows : new int[] {1, 4, 5, 11}) {
                double[] s = new double[d * d], x = new double[3 + rows * d], out = new double[rows + 2];
                for (int i = 0; i < s.length; i++) s[i] = random.nextGaussian();
                for (int i = 0; i < x.length; i++) x[i] = random.nextGaussian();
                QuadraticForms.rows(x, 3, rows, s, d, out, 1);
                for (int r = 0; r < rows; r++) {
                    double plain = 0;
                    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) plain += x[3 + r * d + i] * s[i * d + j] * x[3 + r * d + j];
                    String what = "d " + d + ", row " + r + " of " + rows + " (" + VectorSupport.describe() + ")";
                    assertEquals(reference(x, 3 + r * d, s, d), out[1 + r], 0, what);
                    assertEquals(plain, out[1 + r], 1e-11 * d * d, what);
                }
                assertEquals(0, out[0], "nothing before at");
                assertEquals(0, out[rows + 1], "nothing after the rows");
            }
    }

    @Test
    void shapesThatDoNotFitAreRefused() {
        double[] s = new double[9], out = new double[4];
        assertThrows(IllegalArgumentException.class, () -> QuadraticForms.rows(new double[8], 0, 3, s, 3, out, 0));
        assertThrows(IllegalArgumentException.class, () -> QuadraticForms.rows(new double[9], 0, 3, new double[8], 3, out, 0));
    }
}
