package ionas.nas.nb201;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.Sequential;
import ionas.tensor.Generator;

/**
 * A NAS-Bench-201 cell as a layer (the benchmark's {@code InferCell}, stride 1, as many channels out
 * as in): node 0 is the input, node j the sum over i &lt; j of edge (i, j)'s operation on node i, and
 * node 3 the output. The 6 edge layers are named {@code layers.0..5} in string order, as PyTorch's.
 */
public final class Nb201CellLayer extends Layer {
    private final Sequential layers; // a list, like PyTorch's ModuleList: its forward is never called
    private final Nb201Cell cell;

    public Nb201CellLayer(Nb201Cell cell, int channels, Generator init) {
        this.cell = cell;
        layers = module("layers", new Sequential());
        for (Nb201Op op : cell.edges()) {
            layers.add(switch (op) {
                case NOR_CONV_1X1 -> new ReluConvBn(channels, channels, 1, 1, 0, init);
                case NOR_CONV_3X3 -> new ReluConvBn(channels, channels, 3, 1, 1, init);
                default -> new WeightlessOp(op);
            });
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor[] nodes = new Tensor[Nb201Cell.NODES];
        nodes[0] = x;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int to = Nb201Cell.to(e);
            Tensor out = ((Layer) layers.get(e)).forward(nodes[Nb201Cell.from(e)]);
            nodes[to] = nodes[to] == null ? out : nodes[to].add(out); // edges in string order: node j's inputs in order i = 0, 1, ...
        }
        return nodes[Nb201Cell.NODES - 1];
    }

    @Override
    protected String extraRepr() {
        return cell.toString();
    }
}
