package ionas.kernels.cpu;

import ionas.kernels.geometry.PoolGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The float pooling kernels against the double Reference. */
class PoolKernelsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2,3,8,8,2,2,2,2,0,0", "2,3,7,9,3,3,1,1,1,1", "1,4,9,7,3,3,2,2,1,1",
            "3,2,5,6,2,3,1,2,1,1", "1,1,1,1,1,1,1,1,0,0", "2,5,11,4,4,2,3,1,2,1",
            "4,16,32,32,3,3,1,1,1,1"})
    void matchesReference(String sizes) {
        PoolGeometry g = geometry(sizes);
        Random random = new Random(sizes.hashCode());
        // Values on a coarse grid, so windows often hold equal maxima and tie-breaking is tested.
        float[] x = new float[g.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = random.nextInt(7) - 5;
        float[] gy = Fixtures.uniform(random, g.outputSize());
        double[] xd = Fixtures.toDouble(x), gyd = Fixtures.toDouble(gy);

        double[] y = new double[g.outputSize()];
        int[] argmax = new int[g.outputSize()], argmaxF = new int[g.outputSize()];
        float[] yf = new float[g.outputSize()];
        Reference.maxPool2dForward(g, xd, y, argmax);
        PoolKernels.maxPool2dForward(g, x, yf, argmaxF);
        assertArrayEquals(argmax, argmaxF, "max pool argmax");
        assertArrayEquals(y, Fixtures.toDouble(yf), "max pool values");

        double[] gx = new double[g.inputSize()];
        float[] gxf = nan(g.inputSize());
        Reference.maxPool2dBackward(g, gyd, argmax, gx);
        PoolKernels.maxPool2dBackward(g, gy, argmaxF, gxf);
        int overlap = ceilDiv(g.kernelH(), g.strideH()) * ceilDiv(g.kernelW(), g.strideW());
        double[] routed = new double[g.inputSize()];
        Reference.maxPool2dBackward(g, Fixtures.abs(gyd), argmax, routed);
        Fixtures.assertClose("max pool backward", gx, routed, gxf, overlap);

        float[] avg = nan(g.outputSize());
        Reference.avgPool2dForward(g, xd, y);
        PoolKernels.avgPool2dForward(g, x, avg);
        double[] mag = new double[g.outputSize()];
        Reference.avgPool2dForward(g, Fixtures.abs(xd), mag);
        Fixtures.assertClose("avg pool", y, mag, avg, g.kernelH() * g.kernelW());

        Reference.avgPool2dBackward(g, gyd, gx);
        PoolKernels.avgPool2dBackward(g, gy, gxf = nan(g.inputSize()));
        double[] gxMag = new double[g.inputSize()];
        Reference.avgPool2dBackward(g, Fixtures.abs(gyd), gxMag);
        Fixtures.assertClose("avg pool backward", gx, gxMag, gxf, overlap);
    }

    @Test
    void maxPoolTiesNegativesAndNaN() {
        PoolGeometry g = new PoolGeometry(1, 1, 2, 2, 2, 2, 1, 1, 1, 1);
        float[] y = new float[9];
        int[] argmax = new int[9];
        PoolKernels.maxPool2dForward(g, new float[] {-1, -1, -3, -4}, y, argmax);
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1, -3, -3, -4}, y);
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 1, 2, 2, 3}, argmax);

        PoolKernels.maxPool2dForward(new PoolGeometry(1, 1, 2, 2, 2, 2, 1, 1, 0, 0),
                new float[] {1, Float.NaN, 5, 2}, y, argmax);
        assertArrayEquals(new float[] {Float.NaN}, new float[] {y[0]});
        assertArrayEquals(new int[] {1}, new int[] {argmax[0]});

        PoolKernels.maxPool2dForward(new PoolGeometry(1, 1, 1, 2, 1, 2, 1, 1, 0, 0),
                new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, y, argmax);
        assertArrayEquals(new int[] {0}, new int[] {argmax[0]});
    }

    /**
     * Windows full of ties, -infinity and NaNs, on the specialised paths (3x3 stride 1 pad 1, 2x2
     * stride 2) and planes that are and are not whole vectors: the argmax must be the window's
     * first maximum in row-major order (its last NaN when it has any), as in the reference.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2,3,8,8,3,3,1,1,1,1", "2,2,16,16,3,3,1,1,1,1", "1,3,5,7,3,3,1,1,1,1", "1,2,1,1,3,3,1,1,1,1",
            "1,2,1,19,3,3,1,1,1,1", "1,2,19,1,3,3,1,1,1,1", "2,3,32,32,3,3,1,1,1,1", "1,1,2,2,3,3,1,1,1,1",
            "2,3,8,8,2,2,2,2,0,0", "1,2,7,9,2,2,2,2,0,0", "2,2,16,16,2,2,2,2,0,0"})
    void maxPoolTiesInfinitiesAndNaNsOnFastPaths(String sizes) {
        PoolGeometry g = geometry(sizes);
        float[] values = {0, 1, 1, 1, -1, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (int variant = 0; variant < 3; variant++) {
            Random random = new Random(sizes.hashCode() + variant);
            float[] x = new float[g.inputSize()];
            for (int i = 0; i < x.length; i++) {
                // variant 0: everything; 1: no NaNs (ties and -inf only); 2: all -inf but a few.
                float v = values[random.nextInt(variant == 0 ? values.length : values.length - 1)];
                x[i] = variant == 2 && random.nextInt(8) != 0 ? Float.NEGATIVE_INFINITY : v;
            }
            double[] y = new double[g.outputSize()];
            int[] argmax = new int[g.outputSize()], argmaxF = new int[g.outputSize()];
            float[] yf = new float[g.outputSize()];
            Reference.maxPool2dForward(g, Fixtures.toDouble(x), y, argmax);
            PoolKernels.maxPool2dForward(g, x, yf, argmaxF);
            assertArrayEquals(argmax, argmaxF, "argmax, variant " + variant);
            assertArrayEquals(y, Fixtures.toDouble(yf), "values, variant " + variant);
        }
    }

    private static float[] nan(int size) {
        float[] a = new float[size];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** "batch,channels,H,W,kH,kW,sH,sW,pH,pW". */
    private static PoolGeometry geometry(String sizes) {
        String[] p = sizes.split(",");
        int[] v = new int[10];
        for (int i = 0; i < 10; i++) v[i] = Integer.parseInt(p[i].trim());
        return new PoolGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }
}
