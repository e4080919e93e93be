package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowUpdateTest {
    @Test
    void rowUpdateIsTheScalarStatementBitForBit() {
        Random random = new Random(11);
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 17, 127}) {
            double[] m = new double[3 * 130], expected;
            for (int i = 0; i < m.length; i++) m[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
            double f = random.nextGaussian();
            expected = m.clone();
            for (int j = 0; j < n; j++) expected[260 + 1 + j] -= f * expected[130 + 2 + j]; // two rows of one matrix
            RowUpdate.subtractScaled(m, 260 + 1, f, m, 130 + 2, n);
            assertArrayEquals(expected, m, "n = " + n + " (" + VectorSupport.describe() + ")");
        }
    }
}
