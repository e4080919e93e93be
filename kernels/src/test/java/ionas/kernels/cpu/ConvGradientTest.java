package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Reference backward passes are the derivatives of the Reference forward pass: checked by
 * central differences (exact up to rounding, since the convolution is linear in x and in w) and by
 * the adjoint identity {@code <conv(x,w), gy> = <x, backwardInput(gy,w)> = <w, backwardWeight(x,gy)>}.
 */
class ConvGradientTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2,3,5,4,2,3,2,2,1,1,0", "1,2,6,7,3,3,3,1,1,1,1", "2,2,7,5,2,3,3,2,2,0,1",
            "1,3,4,4,2,1,1,1,1,0,0", "1,1,5,6,2,5,3,2,3,2,1", "2,2,4,4,3,2,2,1,1,1,1"})
    void backwardPassesAreTheGradients(String sizes) {
        ConvGeometry g = geometry(sizes);
        Random random = new Random(sizes.hashCode());
        double[] x = Fixtures.toDouble(Fixtures.uniform(random, g.inputSize()));
        double[] w = Fixtures.toDouble(Fixtures.uniform(random, g.weightSize()));
        double[] gy = Fixtures.toDouble(Fixtures.uniform(random, g.outputSize()));
        double[] gx = new double[g.inputSize()], gw = new double[g.weightSize()];
        Reference.conv2dBackwardInput(g, gy, w, gx);
        Reference.conv2dBackwardWeight(g, x, gy, gw);

        double h = 1e-3;
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            x[i] = saved + h;
            double up = loss(g, x, w, gy);
            x[i] = saved - h;
            double down = loss(g, x, w, gy);
            x[i] = saved;
            assertEquals((up - down) / (2 * h), gx[i], 1e-8, "dL/dx[" + i + "]");
        }
        for (int i = 0; i < w.length; i++) {
            double saved = w[i];
            w[i] = saved + h;
            double up = loss(g, x, w, gy);
            w[i] = saved - h;
            double down = loss(g, x, w, gy);
            w[i] = saved;
            assertEquals((up - down) / (2 * h), gw[i], 1e-8, "dL/dw[" + i + "]");
        }

        double l = loss(g, x, w, gy);
        assertEquals(l, dot(x, gx), 1e-10 * (1 + Math.abs(l)), "<x, backwardInput(gy, w)>");
        assertEquals(l, dot(w, gw), 1e-10 * (1 + Math.abs(l)), "<w, backwardWeight(x, gy)>");
    }

    /** L = <conv(x, w), gy>, whose gradients are exactly backwardInput and backwardWeight. */
    private static double loss(ConvGeometry g, double[] x, double[] w, double[] gy) {
        double[] y = new double[g.outputSize()];
        Reference.conv2dForward(g, x, w, y);
        return dot(y, gy);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** "batch,inC,H,W,outC,kH,kW,sH,sW,pH,pW". */
    static ConvGeometry geometry(String sizes) {
        String[] p = sizes.split(",");
        int[] v = new int[11];
        for (int i = 0; i < 11; i++) v[i] = Integer.parseInt(p[i].trim());
        return new ConvGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }
}
