package ionas.nas.arch2vec;

import ionas.autograd.Tensor;
import ionas.nas.space.GraphLayout;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.nn.layers.Dropout;
import ionas.nn.layers.GINLayer;
import ionas.nn.layers.Linear;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.Backend;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * arch2vec's variational graph autoencoder (Yan et al. 2020), as its reference code behaves
 * (spec sections 3.3-3.5), over batches of cells in a space's {@link GraphLayout}: N nodes with K op
 * types (NAS-Bench-101: 7 and 5, padded; NAS-Bench-201: 8 and 7).
 *
 * <p>Encoder: GIN layers over the symmetrised adjacency, then two linear heads give each node a
 * mean mu and s. The code uses s as log sigma (not log sigma^2), so z = mu + eps * e^s. Decoder:
 * dropout on z, then ops = sigmoid(Linear(z)) and adjacency = sigmoid(z z^T).
 *
 * <p>Where arch2vec's paper and its code differ (spec 3.15), the code is the default and
 * {@link Variant#PAPER} gives the paper: a row-wise softmax over the op scores instead of a
 * sigmoid per entry, and the plain ELBO's KL term instead of the code's extra division by
 * {@code B * N}.
 */
public final class Arch2Vec extends Module {
    /** The size of a node's latent vector in arch2vec's model: an encoding is {@code (batch, nodes, LATENT)}. */
    public static final int LATENT = 16;
    /** The number of GIN layers of arch2vec's encoder: how many rounds of neighbourhood a node's mu sees. */
    public static final int GIN_LAYERS = 4;

    private final List<GINLayer> gin = new ArrayList<>();
    private final Linear fc1, fc2, opsHead;
    private final Dropout dropout;
    private final Generator noise;
    private final Variant variant;
    private final NodeFeatures features;
    private final DecoderInput decoder;
    private final Parameter positions; // the decoder's vector per vertex index (DecoderInput.POSITIONAL), else null
    private final Parameter opPositions; // the op decoder's score per vertex index and op (DecoderInput.POSITIONAL_OPS), else null
    private final GraphLayout layout;

    /** How the op decoder turns scores into probabilities (the code: sigmoid per entry; the paper: softmax per node). */
    public enum OpsActivation { SIGMOID, SOFTMAX }

    /** The KL term's weight (the code: the mean over nodes divided again by B*N; the paper: the plain ELBO's mean). */
    public enum KlScaling { CODE, ELBO }

    /** Which of the code's and the paper's choices this model makes. */
    public record Variant(OpsActivation ops, KlScaling kl) {
        public static final Variant CODE = new Variant(OpsActivation.SIGMOID, KlScaling.CODE);
        public static final Variant PAPER = new Variant(OpsActivation.SOFTMAX, KlScaling.ELBO);

        /** {@code code} or {@code paper}. */
        public static Variant of(String name) {
            return switch (name) {
                case "code" -> CODE;
                case "paper" -> PAPER;
                default -> throw new IllegalArgumentException("unknown arch2vec variant '" + name + "': expected code or paper");
            };
        }

        @Override
        public String toString() {
            return equals(CODE) ? "code" : equals(PAPER) ? "paper" : ops + "/" + kl;
        }
    }

    /** The encoder's output for a batch: per-node means and log-sigmas, (batch, N, latent) each. */
    public record Encoding(Tensor mu, Tensor logSigma) {}

    /** The decoder's output: op probabilities (batch, N, K) and adjacency probabilities (batch, N, N). */
    public record Reconstruction(Tensor ops, Tensor adjacency) {}

    /** arch2vec's settings: 4 GIN layers (hops 5), hidden 128, latent 16, dropout 0.3, as its code behaves. */
    public static Arch2Vec standard(Generator init, Generator noise) {
        return standard(init, noise, Variant.CODE);
    }

    /** arch2vec's settings for cells in {@code layout}. */
    public static Arch2Vec standard(GraphLayout layout, Generator init, Generator noise) {
        return standard(layout, init, noise, Variant.CODE, NodeFeatures.ARCH2VEC, DecoderInput.ARCH2VEC);
    }

    /** arch2vec's settings with the code's or the paper's decoder and loss. */
    public static Arch2Vec standard(Generator init, Generator noise, Variant variant) {
        return standard(init, noise, variant, NodeFeatures.ARCH2VEC);
    }

    /** arch2vec's settings with the code's or the paper's decoder and loss, and the given vertex features. */
    public static Arch2Vec standard(Generator init, Generator noise, Variant variant, NodeFeatures features) {
        return standard(init, noise, variant, features, DecoderInput.ARCH2VEC);
    }

    /** arch2vec's settings on NAS-Bench-101 with the given decoder and loss, vertex features and decoder input. */
    public static Arch2Vec standard(Generator init, Generator noise, Variant variant, NodeFeatures features, DecoderInput decoder) {
        return standard(Arch2VecEncoding.LAYOUT, init, noise, variant, features, decoder);
    }

    /** arch2vec's settings for cells in {@code layout}, with the given decoder and loss, vertex features and decoder input. */
    public static Arch2Vec standard(GraphLayout layout, Generator init, Generator noise, Variant variant, NodeFeatures features, DecoderInput decoder) {
        return new Arch2Vec(layout, GIN_LAYERS, 128, LATENT, 0.3, init, noise, variant, features, decoder);
    }

    /**
     * @param layout the sizes of the cells' graphs: the op decoder's width and the number of decoder positions
     * @param init what the initial weights are drawn from: the GIN layers', then fc1's, fc2's and the op decoder's
     * @param noise what training draws from: the reparameterisation's noise and the decoder's dropout masks
     */
    public Arch2Vec(GraphLayout layout, int ginLayers, int hidden, int latent, double dropoutP, Generator init, Generator noise, Variant variant,
                    NodeFeatures features, DecoderInput decoder) {
        this.layout = layout;
        this.variant = variant;
        this.features = features;
        // zeros, so that the other weights draw from init exactly as without it
        this.decoder = decoder;
        positions = decoder == DecoderInput.POSITIONAL ? parameter("decoder_positions", NDArray.zeros(layout.nodes(), latent)) : null;
        opPositions = decoder == DecoderInput.POSITIONAL_OPS
                ? parameter("decoder_op_positions", NDArray.zeros(layout.nodes(), layout.opTypes())) : null;
        for (int l = 0; l < ginLayers; l++) gin.add(module("gin" + l, new GINLayer(l == 0 ? features.width(layout) : hidden, hidden, init)));
        fc1 = module("fc1", new Linear(hidden, latent, init));
        fc2 = module("fc2", new Linear(hidden, latent, init));
        opsHead = module("decoder", new Linear(latent, layout.opTypes(), init));
        dropout = module("dropout", new Dropout(dropoutP, noise));
        this.noise = noise;
    }

    /** Ã = A + A^T: the encoder sees edges in both directions (no self loops, no normalisation). */
    public static NDArray symmetrise(NDArray adjacency) {
        return adjacency.add(adjacency.transpose(1, 2));
    }

    /** The encoding of one-hot ops {@code (batch, N, K)} over the symmetrised adjacency; the model adds its {@link NodeFeatures}. */
    public Encoding encode(Tensor ops, Tensor symmetricAdjacency) {
        Tensor h = features == NodeFeatures.ARCH2VEC ? ops : Tensor.of(features.of(ops.data(), symmetricAdjacency.data()));
        for (GINLayer layer : gin) h = layer.forward(h, symmetricAdjacency);
        return new Encoding(fc1.forward(h), fc2.forward(h));
    }

    /** z = mu + eps e^s in training, z = mu in evaluation. */
    public Tensor sample(Encoding e) {
        if (!isTraining()) return e.mu();
        NDArray eps = NDArray.random(noise, true, e.mu().dtype(), e.mu().device(), e.mu().shape());
        return e.mu().add(e.logSigma().exp().mul(Tensor.of(eps)));
    }

    public Variant variant() {
        return variant;
    }

    /** The sizes of the graphs this model reads and decodes. */
    public GraphLayout layout() {
        return layout;
    }

    public NodeFeatures features() {
        return features;
    }

    public DecoderInput decoder() {
        return decoder;
    }

    /** Where the weights are ({@link #to} moves them): inputs made for this model go there. */
    public Device device() {
        return parameters().get(0).data().device();
    }

    public Reconstruction decode(Tensor z) {
        Tensor zd = dropout.forward(z);
        if (positions != null) zd = zd.add(positions);
        Tensor scores = opsHead.forward(zd);
        if (opPositions != null) scores = scores.add(opPositions);
        Tensor ops = variant.ops() == OpsActivation.SIGMOID ? scores.sigmoid() : scores.softmax(-1);
        Tensor adj = zd.matmul(zd.transpose(1, 2)).sigmoid();
        return new Reconstruction(ops, adj);
    }

    /**
     * arch2vec's loss: BCE on ops plus BCE on the strict upper triangle of the adjacency (both
     * averaged over every entry, the zero lower triangle included), plus the KL term
     * -0.5/(B*N) * mean over (batch, node) of sum_d (1 + 2s - mu^2 - e^(2s)) with N nodes per cell; the
     * paper's variant leaves out the 1/(B*N).
     */
    public Tensor loss(Reconstruction r, Encoding e, NDArray targetOps, NDArray targetAdjacency) {
        int batch = targetOps.size(0);
        Tensor upper = Tensor.of(upperMask(r.adjacency().data()));
        Tensor lOps = Losses.binaryCrossEntropy(r.ops(), Tensor.of(targetOps), Reduction.MEAN);
        Tensor lAdj = Losses.binaryCrossEntropy(r.adjacency().mul(upper), Tensor.of(targetAdjacency), Reduction.MEAN);
        Tensor s = e.logSigma(), mu = e.mu();
        Tensor perNode = s.mul(2).add(1).sub(mu.square()).sub(s.mul(2).exp()).sum(-1, false);
        Tensor kl = perNode.mean().mul(variant.kl() == KlScaling.CODE ? -0.5 / (batch * layout.nodes()) : -0.5);
        return lOps.add(lAdj).add(kl);
    }

    /**
     * Masks already on a device, per backend (weakly: a backend that is dropped takes its masks
     * along), then per (size, dtype): the mask is a constant, and uploading it every step was the
     * one host synchronisation of a training step on a GPU.
     */
    private static final Map<Backend, Map<String, NDArray>> UPPER_MASKS = Collections.synchronizedMap(new WeakHashMap<>());

    /** 1 above the diagonal, else 0, shaped like the batch of adjacency matrices (read only: shared between calls). */
    private static NDArray upperMask(NDArray like) {
        int n = like.size(-1);
        if (like.device().equals(Device.CPU)) return makeUpperMask(n, like);
        Map<String, NDArray> masks = UPPER_MASKS.computeIfAbsent(like.backend(), b -> new ConcurrentHashMap<>());
        // made outside every MemoryScope: it outlives the step that first asks for it
        return masks.computeIfAbsent(n + " " + like.dtype(), k -> MemoryScope.outside(() -> makeUpperMask(n, like)));
    }

    private static NDArray makeUpperMask(int n, NDArray like) {
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i * n + j] = 1;
        return NDArray.of(m, n, n).to(like.dtype()).to(like.device());
    }

    /** One training-mode pass: encode, sample, decode, loss. */
    public Tensor trainingLoss(NDArray ops, NDArray adjacency) {
        Encoding e = encode(Tensor.of(ops), Tensor.of(symmetrise(adjacency)));
        Reconstruction r = decode(sample(e));
        return loss(r, e, ops, adjacency);
    }
}
