package ionas.kernels.cpu;

/** STUB (to be written): fast float conv2d, forward and both backward passes. Arrays start at index 0. */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) { throw new UnsupportedOperationException("stub"); }
    public static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx) { throw new UnsupportedOperationException("stub"); }
    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) { throw new UnsupportedOperationException("stub"); }
}
