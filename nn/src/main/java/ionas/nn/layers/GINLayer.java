package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;

/**
 * One graph isomorphism layer as arch2vec uses it (Xu et al. 2019) over a batch of small dense
 * graphs: H' = ReLU(BN_outer(MLP((1 + eps) H + A H))) with MLP(u) = Linear2(ReLU(BN_inner(Linear1(u)))).
 * H is (batch, nodes, features), A is (batch, nodes, nodes); the batch norms run over all
 * batch*nodes rows, padded nodes included, exactly as the reference code does. eps starts at 0.
 */
public final class GINLayer extends Module {
    private final int in, out;
    public final Parameter eps; // () learnable
    private final Linear linear1, linear2;
    private final BatchNorm innerNorm, outerNorm;

    /** The two linear layers' weights drawn from {@code init}, the first layer's first. */
    public GINLayer(int in, int out, Generator init) {
        this.in = in;
        this.out = out;
        eps = parameter("eps", NDArray.zeros());
        linear1 = module("linear1", new Linear(in, out, init));
        innerNorm = module("bn_inner", BatchNorm.batchNorm1d(out));
        linear2 = module("linear2", new Linear(out, out, init));
        outerNorm = module("bn_outer", BatchNorm.batchNorm1d(out));
    }

    public Tensor forward(Tensor h, Tensor adjacency) {
        int batch = h.size(0), nodes = h.size(1);
        if (h.size(2) != in)
            throw new IllegalArgumentException("GINLayer(" + in + " -> " + out + "): node features have size " + h.size(2));
        Tensor agg = h.mul(eps.add(1)).add(adjacency.matmul(h)).reshape(batch * nodes, in);
        // batch norm then a separate relu(), not BatchNorm.forwardThenRelu: over (N, C) rows the
        // batch-norm kernels read each channel with a stride of C, and the fused ReLU's mask would be
        // a third strided stream in both backward passes, where relu() alone is one contiguous
        // vector pass; the fused op made arch2vec's training step 40% slower on the CPU (issue 15)
        Tensor mlp = linear2.forward(innerNorm.forward(linear1.forward(agg)).relu());
        return outerNorm.forward(mlp).relu().reshape(batch, nodes, out);
    }

    @Override
    protected String extraRepr() {
        return in + " -> " + out;
    }
}
