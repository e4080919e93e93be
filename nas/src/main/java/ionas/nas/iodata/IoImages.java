package ionas.nas.iodata;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarTransform;
import ionas.nas.random.NumpyRandomState;
import ionas.nn.io.SafeTensors;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The input images of the IO dataset (paper section 3.2, spec A.1), already transformed into
 * network input (3 x 32 x 32 floats each):
 * <ul>
 *   <li><b>seen</b>: the held-out CIFAR-10 training images (the pretraining's 1,000-image
 *       validation split). The networks never trained on them, but the extended model does.
 *       info-NAS ran them through NASBench-PyTorch's validation loader, which augments (its
 *       {@code no_valid_transform} quirk), so each image carries one random crop and flip, drawn
 *       once; {@code frozenAugmentation = false} gives the plain images instead.</li>
 *   <li><b>unseen</b>: images drawn at random from the CIFAR-10 test set ("test_2k"), not augmented.</li>
 * </ul>
 * Stored as one safetensors file (about 37 MB for 1,000 + 2,000 images).
 */
public record IoImages(float[] seen, int[] seenLabels, int[] seenCifarIndex, float[] unseen, int[] unseenLabels, int[] unseenCifarIndex) {
    public static final int IMAGE_FLOATS = CifarImages.IMAGE_BYTES;
    static final String FILE = "images.safetensors";

    public IoImages {
        if (seen.length != seenLabels.length * IMAGE_FLOATS || unseen.length != unseenLabels.length * IMAGE_FLOATS
                || seenCifarIndex.length != seenLabels.length || unseenCifarIndex.length != unseenLabels.length)
            throw new IllegalArgumentException("image, label and index counts disagree");
    }

    public int seenCount() {
        return seenLabels.length;
    }

    public int unseenCount() {
        return unseenLabels.length;
    }

    /** All seen or unseen images, {@code (count, 3, 32, 32)} row-major (the array itself, not a copy). */
    public float[] pixels(boolean unseenImages) {
        return unseenImages ? unseen : seen;
    }

    /**
     * Runs {@code fn} over the first {@code count} images of {@code pixels} in batches of
     * {@code batch} ({@code (b, 3, 32, 32)} tensors on {@code device}, without recording a graph)
     * and gathers its {@code (b, width)} outputs into one row-major {@code (count, width)} array.
     */
    public static float[] mapBatches(float[] pixels, int count, int batch, int width, Device device, UnaryOperator<Tensor> fn) {
        float[] out = new float[count * width];
        try (var scope = Autograd.noGrad()) {
            for (int from = 0; from < count; from += batch) {
                int b = Math.min(batch, count - from);
                NDArray x = NDArray.of(Arrays.copyOfRange(pixels, from * IMAGE_FLOATS, (from + b) * IMAGE_FLOATS), b, CifarImages.CHANNELS,
                        CifarImages.SIDE, CifarImages.SIDE).to(device);
                float[] y = fn.apply(Tensor.of(x)).data().toFloatArray();
                System.arraycopy(y, 0, out, from * width, y.length);
            }
        }
        return out;
    }

    public int label(boolean unseenImages, int i) {
        return unseenImages ? unseenLabels[i] : seenLabels[i];
    }

    /**
     * Builds the images: the first {@code seenCount} of {@code heldOut} (indices into {@code train}),
     * and {@code unseenCount} test images chosen with {@code RandomState(seed).choice} without
     * replacement.
     */
    public static IoImages build(CifarImages train, int[] heldOut, CifarImages test, int seenCount, int unseenCount, long seed,
                                 boolean frozenAugmentation) {
        if (seenCount > heldOut.length)
            throw new IllegalArgumentException("asked for " + seenCount + " seen images but only " + heldOut.length + " are held out");
        if (unseenCount > test.count())
            throw new IllegalArgumentException("asked for " + unseenCount + " unseen images but the test set has " + test.count());
        int[] seenIdx = Arrays.copyOf(heldOut, seenCount);
        int[] unseenIdx = new NumpyRandomState(seed).choiceWithoutReplacement(test.count(), unseenCount);
        CifarTransform seenTransform = frozenAugmentation ? CifarTransform.training(seed) : CifarTransform.evaluation();
        return new IoImages(transform(train, seenIdx, seenTransform), labels(train, seenIdx), seenIdx,
                transform(test, unseenIdx, CifarTransform.evaluation()), labels(test, unseenIdx), unseenIdx);
    }

    private static float[] transform(CifarImages images, int[] indices, CifarTransform t) {
        float[] out = new float[indices.length * IMAGE_FLOATS];
        for (int k = 0; k < indices.length; k++) t.apply(images, indices[k], k, out, k * IMAGE_FLOATS);
        return out;
    }

    private static int[] labels(CifarImages images, int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) out[k] = images.label(indices[k]);
        return out;
    }

    void write(Path dir, String config) throws IOException {
        Map<String, NDArray> t = new LinkedHashMap<>();
        int s = CifarImages.SIDE, c = CifarImages.CHANNELS;
        t.put("seen", NDArray.of(seen, seenCount(), c, s, s));
        t.put("seen_labels", floats(seenLabels));
        t.put("seen_cifar_index", floats(seenCifarIndex));
        t.put("unseen", NDArray.of(unseen, unseenCount(), c, s, s));
        t.put("unseen_labels", floats(unseenLabels));
        t.put("unseen_cifar_index", floats(unseenCifarIndex));
        SafeTensors.write(dir.resolve(FILE), t, Map.of("format", "ionas-io-images", "config", config));
    }

    static IoImages read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        SafeTensors.Contents c = SafeTensors.read(file);
        try {
            return new IoImages(get(c, "seen", file).toFloatArray(), ints(get(c, "seen_labels", file)), ints(get(c, "seen_cifar_index", file)),
                    get(c, "unseen", file).toFloatArray(), ints(get(c, "unseen_labels", file)), ints(get(c, "unseen_cifar_index", file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static NDArray get(SafeTensors.Contents c, String name, Path file) throws IOException {
        return c.require(name, "F32", file);
    }

    // Indices below 2^24 are exact in float32, and CIFAR-10 has 60,000 images.
    private static NDArray floats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return NDArray.of(f, v.length);
    }

    private static int[] ints(NDArray t) {
        float[] f = t.toFloatArray();
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) v[i] = (int) f[i];
        return v;
    }
}
