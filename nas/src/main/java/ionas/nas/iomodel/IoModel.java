package ionas.nas.iomodel;

import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.space.GraphLayout;
import ionas.nn.layers.ConvBnRelu;
import ionas.nn.Module;
import ionas.nn.Sequential;
import ionas.nn.layers.Activation;
import ionas.nn.layers.Dropout;
import ionas.nn.layers.Linear;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.List;

/**
 * The paper's extended model (section 3.3, Figure 2; info-NAS's {@code DensePredConvModel}, spec
 * A.3): arch2vec's variational autoencoder, plus a branch that predicts a network's processed
 * output features on an image.
 * <ul>
 *   <li>graph branch: the latent matrix {@code z (B, 7, 16)} flattened, {@code Linear(112 -> 16)}, ReLU;</li>
 *   <li>image branch: {@code ConvBnRelu(3 -> c)}, then {@code steps} blocks of {@code convs} 3x3
 *       ConvBnRelu layers whose last one doubles the channels with stride 2, then global average
 *       pooling ({@code c * 2^steps} values; 128 -> 512 in the paper);</li>
 *   <li>head: the two vectors concatenated, {@code Linear(16 + image -> dense)}, then
 *       {@code denseLayers} times ReLU, Dropout, Linear (the last one to the target size); linear output.</li>
 * </ul>
 * In training {@code z} is the reparameterised sample, in evaluation the mean, as in info-NAS.
 */
public final class IoModel extends Module {
    /**
     * @param startChannels the image branch's first width (128)
     * @param steps blocks of the image branch that halve the resolution (2)
     * @param convs ConvBnRelu layers per block (2)
     * @param dense width of the head (512)
     * @param denseLayers ReLU-Dropout-Linear blocks after the head's first layer (2)
     * @param dropout of the head (0.5)
     * @param graphVector size of the graph branch's output (16)
     * @param targetSize values predicted per example (513 for 512 features and the bias)
     */
    public record Config(int startChannels, int steps, int convs, int dense, int denseLayers, double dropout, int graphVector, int targetSize) {
        public Config {
            if (startChannels <= 0 || steps < 0 || convs <= 0 || dense <= 0 || denseLayers < 0 || graphVector <= 0 || targetSize <= 0)
                throw new IllegalArgumentException("IO model sizes must be positive: " + this);
            if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }

        /** info-NAS's {@code dense} model: 128 start channels, 2 steps of 2 convolutions, head 512 with 2 more layers, dropout 0.5. */
        public static Config paper(int targetSize) {
            return new Config(128, 2, 2, 512, 2, 0.5, 16, targetSize);
        }

        public int imageVector() {
            return startChannels << steps;
        }

        public Config withTargetSize(int t) {
            return toBuilder().targetSize(t).build();
        }

        /** These sizes, to change some by name. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Sizes by name; {@link #build} checks them. */
        public static final class Builder {
            private int startChannels, steps, convs, dense, denseLayers, graphVector, targetSize;
            private double dropout;

            private Builder(Config c) {
                startChannels = c.startChannels;
                steps = c.steps;
                convs = c.convs;
                dense = c.dense;
                denseLayers = c.denseLayers;
                dropout = c.dropout;
                graphVector = c.graphVector;
                targetSize = c.targetSize;
            }

            public Builder startChannels(int v) { startChannels = v; return this; }
            public Builder steps(int v) { steps = v; return this; }
            public Builder convs(int v) { convs = v; return this; }
            public Builder dense(int v) { dense = v; return this; }
            public Builder denseLayers(int v) { denseLayers = v; return this; }
            public Builder dropout(double v) { dropout = v; return this; }
            public Builder graphVector(int v) { graphVector = v; return this; }
            public Builder targetSize(int v) { targetSize = v; return this; }

            public Config build() {
                return new Config(startChannels, steps, convs, dense, denseLayers, dropout, graphVector, targetSize);
            }
        }
    }

    /** Everything a labeled forward pass yields: the VAE's encoding and reconstruction, and the predicted targets. */
    public record Output(Arch2Vec.Encoding encoding, Arch2Vec.Reconstruction reconstruction, Tensor prediction) {}

    private final Config config;
    private final Arch2Vec vae;
    private final Linear latent;
    private final Sequential image, head;

    /** The model for NAS-Bench-101's graphs ({@link Arch2VecEncoding#LAYOUT}). */
    public IoModel(Config config, Generator init, Generator noise) {
        this(config, Arch2VecEncoding.LAYOUT, init, noise);
    }

    /**
     * @param layout the sizes of the graphs the VAE reads (its space's), and so of the graph branch's input
     * @param init what the initial weights are drawn from: the VAE's, then the graph branch's, the image branch's and the head's
     * @param noise what training draws from: the VAE's noise and the dropout masks
     */
    public IoModel(Config config, GraphLayout layout, Generator init, Generator noise) {
        this.config = config;
        vae = module("vae", Arch2Vec.standard(layout, init, noise));
        latent = module("latent", new Linear(layout.nodes() * Arch2Vec.LATENT, config.graphVector(), init));
        image = module("image", new Sequential());
        int c = config.startChannels();
        image.add(new ConvBnRelu(3, c, 3, 1, 1, init));
        for (int s = 0; s < config.steps(); s++)
            for (int k = 0; k < config.convs(); k++) {
                boolean last = k == config.convs() - 1;
                image.add(new ConvBnRelu(c, last ? 2 * c : c, 3, last ? 2 : 1, 1, init));
                if (last) c *= 2;
            }
        head = module("head", new Sequential());
        head.add(new Linear(config.graphVector() + config.imageVector(), config.dense(), init));
        for (int l = 0; l < config.denseLayers(); l++) {
            head.add(Activation.relu());
            head.add(new Dropout(config.dropout(), noise));
            head.add(new Linear(config.dense(), l == config.denseLayers() - 1 ? config.targetSize() : config.dense(), init));
        }
        if (config.denseLayers() == 0 && config.dense() != config.targetSize())
            throw new IllegalArgumentException("with no dense layers after the first, dense (" + config.dense() + ") must equal the target size ("
                    + config.targetSize() + ")");
    }

    public Config config() {
        return config;
    }

    /** The shared variational autoencoder (trained by both the labeled and the unlabeled batches). */
    public Arch2Vec vae() {
        return vae;
    }

    /** The graph branch: {@code z (B, 7, 16)} -> {@code (B, 16)}. */
    public Tensor graphVector(Tensor z) {
        return latent.forward(z.reshape(z.size(0), -1)).relu();
    }

    /** The image branch: {@code (B, 3, 32, 32)} -> {@code (B, imageVector)}. */
    public Tensor imageVector(Tensor images) {
        return image.forward(images).mean(new int[] {2, 3}, false);
    }

    /** The head: predicted targets from the two branches' vectors. */
    public Tensor predict(Tensor graphVector, Tensor imageVector) {
        return head.forward(Tensor.cat(List.of(graphVector, imageVector), 1));
    }

    /** A full labeled pass: ops {@code (B, 7, 5)}, upper-triangular adjacency {@code (B, 7, 7)}, images. */
    public Output forward(NDArray ops, NDArray adjacency, NDArray images) {
        Arch2Vec.Encoding e = vae.encode(Tensor.of(ops), Tensor.of(Arch2Vec.symmetrise(adjacency)));
        Tensor z = vae.sample(e);
        Arch2Vec.Reconstruction r = vae.decode(z);
        return new Output(e, r, predict(graphVector(z), imageVector(Tensor.of(images))));
    }

    /** The labeled loss ({@code total}) and its prediction part ({@code l1}). */
    public record Loss(Tensor total, Tensor l1) {}

    /** The labeled loss: {@code vaeWeight} times arch2vec's loss plus the mean absolute error of the prediction. */
    public Loss loss(Output out, NDArray ops, NDArray adjacency, NDArray targets, double vaeWeight) {
        Tensor vaeLoss = vae.loss(out.reconstruction(), out.encoding(), ops, adjacency);
        Tensor l1 = Losses.l1(out.prediction(), Tensor.of(targets), Reduction.MEAN);
        return new Loss(vaeLoss.mul(vaeWeight).add(l1), l1);
    }

    /**
     * The model's architecture embedding, as info-NAS extracts it (spec A.5): the graph branch's
     * linear layer applied to the flattened node means, without the ReLU. Evaluation mode is the
     * caller's business.
     */
    public Tensor embedding(NDArray ops, NDArray adjacency) {
        Tensor mu = vae.encode(Tensor.of(ops), Tensor.of(Arch2Vec.symmetrise(adjacency))).mu();
        return latent.forward(mu.reshape(mu.size(0), -1));
    }
}
