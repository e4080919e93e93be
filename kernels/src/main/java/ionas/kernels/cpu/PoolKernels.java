package ionas.kernels.cpu;

/** STUB (to be written): float max- and average-pooling kernels. Arrays start at index 0. */
public final class PoolKernels {
    private PoolKernels() {}

    public static void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) { throw new UnsupportedOperationException("stub"); }
    public static void maxPool2dBackward(PoolGeometry g, float[] gy, int[] argmax, float[] gx) { throw new UnsupportedOperationException("stub"); }
    public static void avgPool2dForward(PoolGeometry g, float[] x, float[] y) { throw new UnsupportedOperationException("stub"); }
    public static void avgPool2dBackward(PoolGeometry g, float[] gy, float[] gx) { throw new UnsupportedOperationException("stub"); }
}
