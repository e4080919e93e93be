package ionas.kernels.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code a[aOff + j] -= f * b[bOff + j]}: Gaussian elimination's row update, the inner loop of an
 * LU factorisation (DNGO's likelihood factorises a 128 x 128 matrix at every step of its
 * hyper-parameter search). The JIT leaves this loop scalar when both rows lie in one array, as they
 * do in a matrix, since it cannot rule out their overlap; the Vector API path multiplies and then
 * subtracts, two roundings as the scalar statement has, so both paths give the same bits. The rows
 * must not overlap, except exactly ({@code a == b}, {@code aOff == bOff}).
 */
public final class RowUpdate {
    private RowUpdate() {}

    private static final VectorSpecies<Double> DOUBLE = VectorSupport.DOUBLE;

    /** {@code a[aOff + j] -= f * b[bOff + j]} for {@code j} in {@code [0, n)}. */
    public static void subtractScaled(double[] a, int aOff, double f, double[] b, int bOff, int n) {
        int j = 0;
        if (VectorSupport.ENABLED) {
            DoubleVector scale = DoubleVector.broadcast(DOUBLE, f);
            for (int end = DOUBLE.loopBound(n); j < end; j += DOUBLE.length()) {
                DoubleVector product = DoubleVector.fromArray(DOUBLE, b, bOff + j).mul(scale);
                DoubleVector.fromArray(DOUBLE, a, aOff + j).sub(product).intoArray(a, aOff + j);
            }
        }
        for (; j < n; j++) a[aOff + j] -= f * b[bOff + j];
    }
}
