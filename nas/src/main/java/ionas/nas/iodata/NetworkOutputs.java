package ionas.nas.iodata;

import ionas.nn.io.SafeTensors;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pretrained network contributes to the IO dataset: its pooled features (the global
 * average pooling output before the dense layer, {@code D} values) on every seen and unseen image,
 * and its dense layer ({@code 10 x D} weights and 10 biases), which the target transform uses.
 *
 * <p>One safetensors file per network ({@code seen (S, D)}, {@code unseen (U, D)},
 * {@code classifier.weight (10, D)}, {@code classifier.bias (10)}), read memory-mapped: the paper's
 * 685 networks hold about 4 GB of features.
 */
public final class NetworkOutputs {
    private final SafeTensors.MappedTensor seen, unseen;
    private final float[] weight, bias;
    private final int dim;

    private NetworkOutputs(SafeTensors.MappedTensor seen, SafeTensors.MappedTensor unseen, float[] weight, float[] bias) {
        this.seen = seen;
        this.unseen = unseen;
        this.weight = weight;
        this.bias = bias;
        this.dim = seen.shape()[1];
    }

    /** Feature dimension D. */
    public int dim() {
        return dim;
    }

    public int classes() {
        return bias.length;
    }

    /** Copies the features of image {@code image} (of the seen or unseen images) into {@code out[offset..offset+D)}. */
    public void features(boolean unseenImages, int image, float[] out, int offset) {
        (unseenImages ? unseen : seen).copy((long) image * dim, out, offset, dim);
    }

    /** The dense layer's row for class {@code c} followed by its bias: {@code D + 1} values (a copy). */
    public float[] classWeightsWithBias(int c) {
        float[] w = new float[dim + 1];
        System.arraycopy(weight, c * dim, w, 0, dim);
        w[dim] = bias[c];
        return w;
    }

    static void write(Path file, float[] seen, int seenCount, float[] unseen, int unseenCount, NDArray weight, NDArray bias,
                      Map<String, String> metadata) throws IOException {
        int d = weight.size(1);
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("seen", NDArray.of(seen, seenCount, d));
        t.put("unseen", NDArray.of(unseen, unseenCount, d));
        t.put("classifier.weight", weight);
        t.put("classifier.bias", bias);
        SafeTensors.write(file, t, metadata);
    }

    /** Maps a network's file; the mapping lives as long as {@code arena}. */
    static NetworkOutputs map(Path file, Arena arena) throws IOException {
        SafeTensors.Mapped m = SafeTensors.map(file, arena);
        var seen = m.require("seen", file);
        var unseen = m.require("unseen", file);
        var w = m.require("classifier.weight", file);
        var b = m.require("classifier.bias", file);
        if (seen.shape().length != 2 || unseen.shape().length != 2 || w.shape().length != 2 || b.shape().length != 1
                || seen.shape()[1] != w.shape()[1] || unseen.shape()[1] != w.shape()[1] || b.shape()[0] != w.shape()[0])
            throw new IOException(file + ": the shapes of seen, unseen, classifier.weight and classifier.bias do not fit together");
        float[] weight = new float[w.shape()[0] * w.shape()[1]], bias = new float[b.shape()[0]];
        w.copy(0, weight, 0, weight.length);
        b.copy(0, bias, 0, bias.length);
        return new NetworkOutputs(seen, unseen, weight, bias);
    }
}
