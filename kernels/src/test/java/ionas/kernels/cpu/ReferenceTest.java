package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The oracle itself, on cases small enough to work out by hand. */
class ReferenceTest {
    private static final double[] X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void gemmTwoByThreeTimesThreeByTwo() {
        double[] a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12};
        double[] c = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Reference.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0, c, 0, 2);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c);
    }

    @Test
    void gemmTransposedOperandsOffsetsAndBeta() {
        // A^T stored 3x2 after one unused element, B^T stored 2x3 with a leading dimension of 4.
        double[] aT = {-1, 1, 4, 2, 5, 3, 6};
        double[] bT = {7, 9, 11, 0, 8, 10, 12, 0};
        double[] c = {1, 1, 1, 1};
        Reference.gemm(true, true, 2, 2, 3, aT, 1, 2, bT, 0, 4, 1, c, 0, 2);
        assertArrayEquals(new double[] {59, 65, 140, 155}, c);
    }

    @Test
    void convTwoByTwoKernelNoPadding() {
        ConvGeometry g = new ConvGeometry(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0);
        double[] w = {1, 2, 3, 4}, y = new double[4];
        Reference.conv2dForward(g, X3, w, y);
        assertArrayEquals(new double[] {37, 47, 67, 77}, y);

        double[] ones = {1, 1, 1, 1}, gx = new double[9], gw = new double[4];
        Reference.conv2dBackwardInput(g, ones, w, gx);
        assertArrayEquals(new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, gx);
        Reference.conv2dBackwardWeight(g, X3, ones, gw);
        assertArrayEquals(new double[] {12, 16, 24, 28}, gw);
    }

    @Test
    void convPaddingAndStride() {
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] y = new double[9];
        Reference.conv2dForward(new ConvGeometry(1, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1), X3, ones, y);
        assertArrayEquals(new double[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, y);
        double[] strided = new double[4];
        Reference.conv2dForward(new ConvGeometry(1, 1, 3, 3, 1, 3, 3, 2, 2, 1, 1), X3, ones, strided);
        assertArrayEquals(new double[] {12, 16, 24, 28}, strided);
    }

    @Test
    void convSumsOverChannelsAndKeepsFiltersApart() {
        // Two input channels (X3 and 10*X3), two 1x1 filters: (1, 1) and (0, -1).
        ConvGeometry g = new ConvGeometry(1, 2, 3, 3, 2, 1, 1, 1, 1, 0, 0);
        double[] x = new double[18];
        for (int i = 0; i < 9; i++) {
            x[i] = X3[i];
            x[9 + i] = 10 * X3[i];
        }
        double[] y = new double[18];
        Reference.conv2dForward(g, x, new double[] {1, 1, 0, -1}, y);
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(new double[] {11 * X3[i], -10 * X3[i]}, new double[] {y[i], y[9 + i]});
        }
    }

    @Test
    void maxPoolPicksFirstOfEqualMaxima() {
        double[] x = {1, 3, 3, 0, 2, 3, 1, 5, 0, 0, 7, 7, 4, 0, 7, 6};
        double[] y = new double[4];
        int[] argmax = new int[4];
        Reference.maxPool2dForward(new PoolGeometry(1, 1, 4, 4, 2, 2, 2, 2, 0, 0), x, y, argmax);
        assertArrayEquals(new double[] {3, 5, 4, 7}, y);
        assertArrayEquals(new int[] {1, 7, 12, 10}, argmax);

        Reference.maxPool2dForward(new PoolGeometry(1, 1, 4, 4, 3, 3, 2, 2, 1, 1), x, y, argmax);
        assertArrayEquals(new double[] {3, 5, 4, 7}, y);
        assertArrayEquals(new int[] {1, 7, 12, 10}, argmax);
    }

    @Test
    void maxPoolPaddingIsMinusInfinityAndBackwardRoutesToArgmax() {
        PoolGeometry g = new PoolGeometry(1, 1, 2, 2, 2, 2, 1, 1, 1, 1);
        double[] y = new double[9];
        int[] argmax = new int[9];
        Reference.maxPool2dForward(g, new double[] {-1, -2, -3, -4}, y, argmax);
        assertArrayEquals(new double[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, y);
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 1, 2, 2, 3}, argmax);

        double[] gx = {9, 9, 9, 9};
        Reference.maxPool2dBackward(g, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, argmax, gx);
        assertArrayEquals(new double[] {4, 2, 2, 1}, gx);
    }

    @Test
    void maxPoolPropagatesNaN() {
        double[] y = new double[1];
        int[] argmax = new int[1];
        Reference.maxPool2dForward(new PoolGeometry(1, 1, 2, 2, 2, 2, 1, 1, 0, 0),
                new double[] {1, Double.NaN, 5, 2}, y, argmax);
        assertArrayEquals(new double[] {Double.NaN}, y);
        assertArrayEquals(new int[] {1}, argmax);
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        PoolGeometry g = new PoolGeometry(1, 1, 2, 2, 2, 2, 1, 1, 1, 1);
        double[] y = new double[9];
        Reference.avgPool2dForward(g, new double[] {1, 2, 3, 4}, y);
        assertArrayEquals(new double[] {0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1}, y);

        double[] gx = {9, 9, 9, 9};
        Reference.avgPool2dBackward(g, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, gx);
        assertArrayEquals(new double[] {1, 1, 1, 1}, gx);
    }
}
