package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Chooses, once, whether CPU kernels use the Vector API and at which width.
 *
 * <p>{@code -Dionas.vector.bits=0} turns the Vector API off (every kernel takes its scalar path,
 * so CI can test both paths on one machine); {@code 128}, {@code 256} or {@code 512} force a width;
 * the default is the machine's preferred width (512 bits with AVX-512).
 */
public final class VectorSupport {
    private VectorSupport() {}

    /** The species every float kernel uses; its length is 16 on AVX-512. */
    public static final VectorSpecies<Float> FLOAT = chooseSpecies();

    /** The double species of the same width as {@link #FLOAT} (8 lanes on AVX-512). */
    public static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, FLOAT.vectorShape());

    /** False when {@code -Dionas.vector.bits=0}: kernels then run their scalar loops. */
    public static final boolean ENABLED = Integer.getInteger("ionas.vector.bits", -1) != 0;

    private static VectorSpecies<Float> chooseSpecies() {
        int bits = Integer.getInteger("ionas.vector.bits", -1);
        return switch (bits) {
            case -1, 0 -> FloatVector.SPECIES_PREFERRED;
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "ionas.vector.bits must be 0 (off), 128, 256 or 512, not " + bits);
        };
    }

    /**
     * The sum of a vector's lanes in a fixed order (lane 0 first). {@code reduceLanes(ADD)} may add
     * floats in any order, and the JIT-compiled and interpreted forms do differ, so results would
     * change in the last bits between a cold and a warm JVM; a resumed training run could then not
     * reproduce an uninterrupted one. Lane by lane rather than through {@code toArray()}: the
     * batch-norm kernels call it once per row of a few dozen elements, where a fresh array per call
     * showed up in profiles; with the lane count a constant the JIT unrolls this into extracts.
     */
    public static float sumLanes(FloatVector v) {
        float s = 0;
        for (int i = 0; i < FLOAT_LANES; i++) s += v.lane(i);
        return s;
    }

    private static final int FLOAT_LANES = FLOAT.length();

    /** A line for logs: which path the kernels take. */
    public static String describe() {
        return ENABLED
                ? "Vector API on: " + FLOAT.vectorBitSize() + "-bit float vectors ("
                        + FLOAT.length() + " lanes, preferred shape " + VectorShape.preferredShape() + ")"
                : "Vector API off (-Dionas.vector.bits=0): scalar kernels";
    }
}
