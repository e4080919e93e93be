package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.layers.GINLayer;
import ionas.nn.layers.Linear;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: arch2vec's encoder (spec section 3.3) at a small size, with the parameter names of the
 * PyTorch model in make_golden.py: {@code layers.<i>.*} (GIN layers), {@code fc1} (mu), {@code fc2}
 * (s, which arch2vec uses as log sigma) and {@code decoder} (the decoder's Linear for the ops).
 */
final class GinEncoder extends Module {
    /** A container whose children are named 0, 1, 2..., as torch.nn.ModuleList. */
    static final class ModuleList extends Module {
        <M extends Module> M add(M m) {
            return module(Integer.toString(children().size()), m);
        }
    }

    record Encoded(Tensor mu, Tensor logSigma) {}

    private final List<GINLayer> layers = new ArrayList<>();
    private final Linear fc1, fc2, decoder;

    GinEncoder(int input, int hidden, int latent, int gin) {
        Generator init = new Generator(0);
        ModuleList list = module("layers", new ModuleList());
        for (int i = 0; i < gin; i++) layers.add(list.add(new GINLayer(i == 0 ? input : hidden, hidden, init)));
        fc1 = module("fc1", new Linear(hidden, latent, init));
        fc2 = module("fc2", new Linear(hidden, latent, init));
        decoder = module("decoder", new Linear(latent, input, init));
    }

    Encoded encode(Tensor ops, Tensor adjacency) {
        Tensor h = ops;
        for (GINLayer l : layers) h = l.forward(h, adjacency);
        return new Encoded(fc1.forward(h), fc2.forward(h));
    }

    /**
     * arch2vec's VAE loss made deterministic (z = mu: no sampling, no dropout):
     * BCE(sigmoid(decoder(z)), ops) + BCE(sigmoid(z z^T), adjacency) + KL(mu, log sigma^2 = 2 s) / (B N).
     */
    Tensor loss(Tensor ops, Tensor adjacency) {
        Encoded e = encode(ops, adjacency);
        Tensor z = e.mu();
        Tensor opsHat = decoder.forward(z).sigmoid();
        Tensor adjHat = z.matmul(z.transpose(1, 2)).sigmoid();
        int b = ops.size(0), n = ops.size(1);
        return Losses.binaryCrossEntropy(opsHat, ops, Reduction.MEAN)
                .add(Losses.binaryCrossEntropy(adjHat, adjacency, Reduction.MEAN))
                .add(Losses.gaussianKl(e.mu(), e.logSigma().mul(2), Reduction.MEAN).div(b * n));
    }
}
