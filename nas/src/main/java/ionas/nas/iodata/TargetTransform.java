package ionas.nas.iodata;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Turns a network's pooled features on an image into the target the extended model learns (paper
 * section 3.2 "Preprocessing", spec A.2). Pooled features have no order that two networks share,
 * and their scale differs from network to network, so:
 * <ol>
 *   <li>the features are standardised with one mean and one standard deviation per network
 *       (scalars over all of that network's outputs on the seen images) — "a scaler for every
 *       network separately";</li>
 *   <li>1 is appended for the bias: {@code D + 1} values;</li>
 *   <li>they are sorted by the weights of the dense layer's row for the image's class (the bias
 *       last in that row), in descending order, and multiplied by those weights, so position
 *       {@code k} holds the contribution of the k-th most important feature to the class logit;</li>
 *   <li>each position is standardised with a mean and standard deviation fitted on the training
 *       set;</li>
 *   <li>optionally only the first {@code topK} positions are kept (info-NAS's later configuration
 *       used 10).</li>
 * </ol>
 * Steps 1 and 4 can be switched off to study them. The sort order depends only on (network, class),
 * so it is computed once per pair; a target then costs one gather and one multiply per position.
 */
public final class TargetTransform {
    /**
     * @param scaleNetworks step 1
     * @param normalizePositions step 4
     * @param topK positions kept (0 = all {@code D + 1})
     */
    public record Options(boolean scaleNetworks, boolean normalizePositions, int topK) {
        public Options {
            if (topK < 0) throw new IllegalArgumentException("topK must be >= 0 (0 = all), got " + topK);
        }

        /** The paper's description: all steps, all 513 positions. */
        public static Options paper() {
            return new Options(true, true, 0);
        }
    }

    private final Options options;
    private final int dim, size;
    private final float[] networkMean, networkStd, positionMean, positionStd;
    private final int[][][] order;          // [network][class] -> feature index for each position
    private final float[][][] sortedWeight; // [network][class] -> weight for each position

    /**
     * @param networks every network's outputs, in manifest order
     * @param networkMean per network (ignored unless scaling)
     * @param positionMean per position, {@code D + 1} (ignored unless normalising)
     */
    TargetTransform(Options options, NetworkOutputs[] networks, float[] networkMean, float[] networkStd, float[] positionMean,
                    float[] positionStd) {
        this.options = options;
        this.dim = networks[0].dim();
        if (options.topK() > dim + 1)
            throw new IllegalArgumentException("topK " + options.topK() + " is more than the " + (dim + 1) + " target positions");
        this.size = options.topK() == 0 ? dim + 1 : options.topK();
        this.networkMean = networkMean;
        this.networkStd = networkStd;
        this.positionMean = positionMean;
        this.positionStd = positionStd;
        int classes = networks[0].classes();
        order = new int[networks.length][classes][];
        sortedWeight = new float[networks.length][classes][];
        for (int n = 0; n < networks.length; n++)
            for (int c = 0; c < classes; c++) {
                float[] w = networks[n].classWeightsWithBias(c);
                // descending by weight; ties keep the lower index first (a stable sort), so the order is deterministic
                int[] o = IntStream.range(0, dim + 1).boxed().sorted(Comparator.comparingDouble((Integer i) -> -w[i])).mapToInt(i -> i).toArray();
                float[] sw = new float[dim + 1];
                for (int k = 0; k <= dim; k++) sw[k] = w[o[k]];
                order[n][c] = o;
                sortedWeight[n][c] = sw;
            }
    }

    public Options options() {
        return options;
    }

    /** Values per target: {@code D + 1}, or {@code topK}. */
    public int size() {
        return size;
    }

    /**
     * Writes the target of {@code features} (the {@code D} pooled features of network {@code network}
     * on an image of class {@code label}) into {@code out[offset..offset+size())}.
     */
    public void apply(int network, int label, float[] features, float[] out, int offset) {
        unnormalised(network, label, features, out, offset, size);
        if (options.normalizePositions())
            for (int k = 0; k < size; k++) out[offset + k] = (out[offset + k] - positionMean[k]) / positionStd[k];
    }

    /** Steps 1-3 for the first {@code n} positions. */
    void unnormalised(int network, int label, float[] features, float[] out, int offset, int n) {
        float mean = options.scaleNetworks() ? networkMean[network] : 0, std = options.scaleNetworks() ? networkStd[network] : 1;
        int[] o = order[network][label];
        float[] w = sortedWeight[network][label];
        for (int k = 0; k < n; k++) {
            int f = o[k];
            float x = f == dim ? 1f : (features[f] - mean) / std;
            out[offset + k] = x * w[k];
        }
    }

    /** The scalar mean and population standard deviation of all {@code values} (1 when they are constant). */
    static float[] meanStd(float[] values) {
        double s = 0, sq = 0;
        for (float v : values) {
            s += v;
            sq += (double) v * v;
        }
        double m = s / values.length, var = Math.max(0, sq / values.length - m * m);
        return new float[] {(float) m, var > 0 ? (float) Math.sqrt(var) : 1f};
    }

    @Override
    public String toString() {
        return "TargetTransform" + options + " -> " + size + " values";
    }
}
