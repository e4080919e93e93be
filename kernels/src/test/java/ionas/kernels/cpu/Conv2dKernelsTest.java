package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast float convolutions against the double Reference, over the code paths they choose between. */
class Conv2dKernelsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2,3,7,9,5,3,3,1,1,1,1",      // 3x3 same: shifted loads; backwardInput as a forward conv
            "2,3,7,9,5,1,1,1,1,0,0",      // 1x1: x is the col matrix
            "3,4,11,6,7,5,5,1,1,2,2",     // 5x5 same
            "2,3,9,9,4,3,3,2,2,1,1",      // stride 2: gathers, and col2im for backwardInput
            "2,5,8,7,3,3,3,1,1,0,0",      // valid 3x3: gathers, backwardInput with padding 2
            "1,2,6,5,3,5,3,2,1,2,0",      // rectangular kernel, mixed stride and padding
            "2,3,5,5,2,1,1,2,2,0,0",      // 1x1 stride 2
            "3,2,4,4,2,3,3,1,1,2,2",      // padding 2 on a 3x3 kernel
            "2,3,3,3,2,1,1,1,1,1,1",      // 1x1 with padding: col2im path
            "2,3,13,3,2,3,3,2,1,1,0",     // tall and thin, odd sizes
            "12,32,16,16,32,3,3,1,1,1,1", // enough work to spread images over threads
            "1,64,17,15,40,3,3,1,1,1,1",  // one image: the GEMMs go parallel; depth > one block
            "3,16,9,9,24,3,3,2,2,1,1",
            "20,13,33,35,10,3,3,1,1,1,1", // weight gradient by dot tiles, ragged in every dimension
            "20,64,23,23,40,1,1,1,1,0,0",   // the same for 1x1
            "33,4,32,32,4,3,3,1,1,1,1",     // NAS-Bench-101 shapes: chunks of images in the weight gradient
            "32,16,8,8,16,3,3,1,1,1,1",     // 8x8: a whole batch per chunk
            "32,64,8,8,16,1,1,1,1,0,0",     // projection 1x1
            "32,3,32,32,16,3,3,1,1,1,1",    // the stem: 27 col rows
            "9,7,30,30,64,3,3,1,1,1,1"})    // 64 filters on wide images: the direct weight gradient
    void matchesReference(String sizes) {
        ConvGeometry g = ConvGradientTest.geometry(sizes);
        Random random = new Random(sizes.hashCode());
        float[] x = Fixtures.uniform(random, g.inputSize());
        float[] w = Fixtures.uniform(random, g.weightSize());
        float[] gy = Fixtures.uniform(random, g.outputSize());
        double[] xd = Fixtures.toDouble(x), wd = Fixtures.toDouble(w), gyd = Fixtures.toDouble(gy);
        double[] xa = Fixtures.abs(xd), wa = Fixtures.abs(wd), gya = Fixtures.abs(gyd);

        double[] y = new double[g.outputSize()], yMag = new double[g.outputSize()];
        Reference.conv2dForward(g, xd, wd, y);
        Reference.conv2dForward(g, xa, wa, yMag);
        float[] yf = filled(g.outputSize());
        Conv2dKernels.forward(g, x, w, yf);
        Fixtures.assertClose("forward " + g, y, yMag, yf, g.inChannels() * g.kernelH() * g.kernelW());

        double[] gx = new double[g.inputSize()], gxMag = new double[g.inputSize()];
        Reference.conv2dBackwardInput(g, gyd, wd, gx);
        Reference.conv2dBackwardInput(g, gya, wa, gxMag);
        float[] gxf = filled(g.inputSize());
        Conv2dKernels.backwardInput(g, gy, w, gxf);
        Fixtures.assertClose("backwardInput " + g, gx, gxMag, gxf, g.outChannels() * g.kernelH() * g.kernelW());

        double[] gw = new double[g.weightSize()], gwMag = new double[g.weightSize()];
        Reference.conv2dBackwardWeight(g, xd, gyd, gw);
        Reference.conv2dBackwardWeight(g, xa, gya, gwMag);
        float[] gwf = filled(g.weightSize());
        Conv2dKernels.backwardWeight(g, x, gy, gwf);
        Fixtures.assertClose("backwardWeight " + g, gw, gwMag, gwf, g.batch() * g.outHeight() * g.outWidth());
    }

    /**
     * The direct paths on their own, on stride-1 shapes whether or not {@link Conv2dKernels}
     * would choose them there: channels and filters not multiples of the 6-row tile, filters past
     * one panel of 64 and ragged, the last block of positions ragged, slices of the batch of
     * unequal size, no padding and padding up to K - 1, rectangular kernels. Each is also run split
     * as more threads would split it: the same bits.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2,3,7,9,5,3,3,1,1,1,1",
            "3,4,11,6,7,5,5,1,1,2,2",
            "2,5,8,7,3,3,3,1,1,0,0",
            "3,2,4,4,2,3,3,1,1,2,2",
            "1,2,6,5,13,5,3,1,1,2,0",
            "2,1,1,1,6,1,1,1,1,0,0",
            "4,64,32,32,64,3,3,1,1,1,1",
            "2,13,33,35,10,3,3,1,1,1,1",
            "11,7,12,10,70,3,3,1,1,1,1",
            "9,5,8,7,64,3,3,1,1,0,0"})
    void directPathsMatchReference(String sizes) {
        ConvGeometry g = ConvGradientTest.geometry(sizes);
        Assumptions.assumeTrue(DirectConv.applies(g), "the Vector API is off");
        Random random = new Random(sizes.hashCode());
        float[] x = Fixtures.uniform(random, g.inputSize());
        float[] w = Fixtures.uniform(random, g.weightSize());
        float[] gy = Fixtures.uniform(random, g.outputSize());
        double[] xd = Fixtures.toDouble(x), xa = Fixtures.abs(xd);

        double[] y = new double[g.outputSize()], yMag = new double[g.outputSize()];
        Reference.conv2dForward(g, xd, Fixtures.toDouble(w), y);
        Reference.conv2dForward(g, xa, Fixtures.abs(Fixtures.toDouble(w)), yMag);
        float[] yf = filled(g.outputSize());
        float[] padded = DirectConv.paddedWeights(g, w);
        // whole images, in two calls as two threads would make them
        DirectConv.forward(g, x, padded, yf, 1, 0, g.batch() / 2);
        DirectConv.forward(g, x, padded, yf, 1, g.batch() / 2, g.batch());
        Fixtures.assertClose("direct forward " + g, y, yMag, yf, g.inChannels() * g.kernelH() * g.kernelW());
        // each image's positions in three parts, one call per task
        float[] parts = filled(g.outputSize());
        for (int task = 0; task < 3 * g.batch(); task++) DirectConv.forward(g, x, padded, parts, 3, task, task + 1);
        Assertions.assertArrayEquals(yf, parts, "split positions " + g);

        double[] gw = new double[g.weightSize()], gwMag = new double[g.weightSize()];
        Reference.conv2dBackwardWeight(g, xd, Fixtures.toDouble(gy), gw);
        Reference.conv2dBackwardWeight(g, xa, Fixtures.abs(Fixtures.toDouble(gy)), gwMag);
        float[] gwf = filled(g.weightSize());
        DirectWeightGradient.compute(g, x, gy, gwf, 1);
        Fixtures.assertClose("direct weight gradient " + g, gw, gwMag, gwf, g.batch() * g.outHeight() * g.outWidth());
        // each slice's tiles in three parts
        float[] gwParts = filled(g.weightSize());
        DirectWeightGradient.compute(g, x, gy, gwParts, 3);
        Assertions.assertArrayEquals(gwf, gwParts, "three parts per slice " + g);
    }

    /** Outputs start as NaN, so a kernel that accumulates into them instead of overwriting fails. */
    private static float[] filled(int size) {
        float[] a = new float[size];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
