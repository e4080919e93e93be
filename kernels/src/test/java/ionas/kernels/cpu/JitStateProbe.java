package ionas.kernels.cpu;

import ionas.kernels.BinaryOp;
import ionas.kernels.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Every float elementwise kernel on fixed inputs, one CRC of the result bits per op. Run as a
 * program it prints them, so that {@link ElementwiseJitStateTest} can compare a JVM that never
 * compiles ({@code -Xint}) with one whose loops the JIT has compiled.
 */
public final class JitStateProbe {
    private JitStateProbe() {}

    /** Not a multiple of any vector length, so that every op also runs its scalar tail. */
    static final int N = 1027;

    static Map<String, Long> digests() {
        Random r = new Random(7);
        float[] a = new float[N], b = new float[N];
        for (int i = 0; i < N; i++) {
            // both signs, around the kernels' switch points, large enough to overflow exp, and a few special values
            a[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 40 : 1.5));
            b[i] = (float) (r.nextDouble() * 3 - 0.5);
        }
        a[0] = Float.NaN;
        a[1] = -0f;
        a[2] = Float.POSITIVE_INFINITY;
        Map<String, Long> out = new LinkedHashMap<>();
        float[] y = new float[N];
        for (UnaryOp op : UnaryOp.values()) {
            ElementwiseKernels.unary(op, a, 0, 1, y, 0, N);
            out.put(op.name(), crc(y));
        }
        for (BinaryOp op : BinaryOp.values()) {
            ElementwiseKernels.binary(op, a, 0, 1, b, 0, 1, y, 0, N);
            out.put(op.name(), crc(y));
        }
        return out;
    }

    private static long crc(float[] y) {
        CRC32 c = new CRC32();
        for (float v : y) {
            int bits = Float.floatToRawIntBits(v);
            c.update(bits);
            c.update(bits >>> 8);
            c.update(bits >>> 16);
            c.update(bits >>> 24);
        }
        return c.getValue();
    }

    public static void main(String[] args) {
        digests().forEach((op, crc) -> System.out.println(op + " " + crc));
    }
}
