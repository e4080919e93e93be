package ionas.nas.iomodel;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.iodata.IoDataset;
import ionas.nas.iodata.IoImages;
import ionas.nas.iodata.IoSet;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphLayout;
import ionas.nas.random.NumpyRandomState;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The labeled loss of an {@link IoModel} on one {@link IoSet}, with the paper's mean-vector baseline.
 *
 * <p>In evaluation mode the graph vector depends only on the network and the image vector only on
 * the image, so each is computed once and only the head runs per example: the whole of the paper's
 * 1.1-million-example test set then costs about as much as one training epoch's head passes.
 *
 * <p>The examples (a fixed random subset when the set is larger than asked for) and their targets
 * are chosen once, so every epoch is judged on the same examples.
 */
public final class LabeledEvaluation {
    private static final int CHUNK = 1024;

    private final IoSet set;
    private final long[] examples;
    private final NDArray targets;
    private final double[] baseline;

    /** Chooses up to {@code limit} examples of {@code set} (0 = all) with NumPy's {@code choice(seed)}, in ascending order. */
    public LabeledEvaluation(IoDataset data, IoSet set, int limit, long seed) {
        this.set = set;
        long n = data.size(set);
        if (limit > 0 && n > limit) {
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("set " + set.key() + " is too large to subsample");
            int[] pick = new NumpyRandomState(seed).choiceWithoutReplacement((int) n, limit);
            Arrays.sort(pick);
            examples = Arrays.stream(pick).asLongStream().toArray();
        } else {
            examples = new long[(int) n];
            for (int i = 0; i < n; i++) examples[i] = i;
        }
        targets = data.targets(set, examples, 0, examples.length);
        baseline = l1PerExample(targets.mean(new int[] {0}, true), targets);
    }

    public IoSet set() {
        return set;
    }

    public int size() {
        return examples.length;
    }

    /** The mean-vector baseline's per-example L1 losses (the prediction is the set's mean target). */
    public double[] baselineLosses() {
        return baseline.clone();
    }

    /**
     * The model's per-example L1 losses, in evaluation mode (the caller restores training mode). The
     * model runs on its device; the losses are taken on the host, where the targets are.
     */
    public double[] losses(IoModel model, IoDataset data) {
        if (targets.size(1) != model.config().targetSize())
            throw new IllegalArgumentException("the model predicts " + model.config().targetSize() + " values but the targets have " + targets.size(1));
        model.eval();
        int[] nets = data.networks(set);
        Map<Integer, float[]> graphVectors = new HashMap<>();
        int g = model.config().graphVector(), iv = model.config().imageVector();
        Device device = model.vae().device();
        float[] imageVectors;
        try (var scope = Autograd.noGrad()) {
            for (int n : nets) graphVectors.put(n, graphVector(model, data.graph(n), device));
            imageVectors = IoImages.mapBatches(data.images().pixels(set.unseenImages()), data.imagesPerNetwork(set), 250, iv, device,
                    model::imageVector);
            double[] out = new double[examples.length];
            for (int from = 0; from < examples.length; from += CHUNK) {
                int b = Math.min(CHUNK, examples.length - from);
                float[] gv = new float[b * g], im = new float[b * iv];
                for (int k = 0; k < b; k++) {
                    long e = examples[from + k];
                    System.arraycopy(graphVectors.get(data.network(set, e)), 0, gv, k * g, g);
                    System.arraycopy(imageVectors, data.image(set, e) * iv, im, k * iv, iv);
                }
                NDArray pred = model.predict(Tensor.of(NDArray.of(gv, b, g).to(device)), Tensor.of(NDArray.of(im, b, iv).to(device))).data();
                double[] l = l1PerExample(pred.to(Device.CPU), targets.narrow(0, from, b));
                System.arraycopy(l, 0, out, from, b);
            }
            return out;
        }
    }

    private static float[] graphVector(IoModel model, EncodedGraph graph, Device d) {
        GraphLayout layout = graph.layout();
        int n = layout.nodes();
        NDArray ops = NDArray.of(graph.ops(), 1, n, layout.opTypes()).to(d), adj = NDArray.of(graph.adjacency(), 1, n, n).to(d);
        Arch2Vec.Encoding e = model.vae().encode(Tensor.of(ops), Tensor.of(Arch2Vec.symmetrise(adj)));
        return model.graphVector(e.mu()).data().toFloatArray();
    }

    /** Mean absolute difference per row of {@code (B, T)} arrays ({@code prediction} may broadcast from one row). */
    static double[] l1PerExample(NDArray prediction, NDArray target) {
        float[] d = prediction.sub(target).abs().toFloatArray();
        int b = target.size(0), t = target.size(1);
        double[] out = new double[b];
        for (int i = 0; i < b; i++) {
            double s = 0;
            for (int k = 0; k < t; k++) s += d[i * t + k];
            out[i] = s / t;
        }
        return out;
    }
}
