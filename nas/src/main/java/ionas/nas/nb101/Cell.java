package ionas.nas.nb101;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.layers.ConvBnRelu;
import ionas.nn.layers.Pooling;
import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * One NAS-Bench-101 module, with NASBench-PyTorch's semantics: tensors flowing into a vertex are
 * summed (inputs from wider vertices truncated to the vertex's channels), every edge out of the
 * cell input gets its own 1x1 projection, and the vertices feeding the output are concatenated
 * along channels (plus a projection of the input when it is connected to the output directly).
 */
public final class Cell extends Layer {
    private final CellSpec spec;
    private final int[] channels;
    private final Layer[] vertexOps;    // [t] for interior vertices, else null
    private final Layer[] projections;  // [t] when the input feeds vertex t, else null

    /** The convolutions' weights drawn from {@code init}, vertex by vertex, then the input's projections. */
    public Cell(CellSpec spec, int in, int out, Generator init) {
        this.spec = spec.pruned();
        int v = this.spec.vertices();
        channels = VertexChannels.compute(in, out, this.spec);
        vertexOps = new Layer[v];
        projections = new Layer[v];
        for (int t = 1; t < v - 1; t++) {
            int c = channels[t];
            vertexOps[t] = module("op" + t, switch (this.spec.ops().get(t)) {
                case CONV3X3 -> new ConvBnRelu(c, c, 3, 1, 1, init);
                case CONV1X1 -> new ConvBnRelu(c, c, 1, 1, 0, init);
                case MAXPOOL3X3 -> Pooling.maxPool2d(3, 1, 1);
                default -> throw new IllegalStateException("interior vertex " + t + " is " + this.spec.ops().get(t));
            });
        }
        for (int t = 1; t < v; t++) {
            if (this.spec.edge(0, t)) projections[t] = module("proj" + t, new ConvBnRelu(in, channels[t], 1, 1, 0, init));
        }
    }

    /** The channels of every vertex, input first and output last. */
    public int[] vertexChannels() {
        return channels.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int v = spec.vertices();
        Tensor[] out = new Tensor[v];
        out[0] = x;
        for (int t = 1; t < v - 1; t++) {
            Tensor sum = null;
            for (int s = 1; s < t; s++) {
                if (spec.edge(s, t)) sum = add(sum, truncate(out[s], channels[t]));
            }
            if (projections[t] != null) sum = add(sum, projections[t].forward(x));
            out[t] = vertexOps[t].forward(sum);
        }
        List<Tensor> toOutput = new ArrayList<>();
        for (int t = 1; t < v - 1; t++) if (spec.edge(t, v - 1)) toOutput.add(out[t]);
        if (toOutput.isEmpty()) return projections[v - 1].forward(x); // input -> output only
        Tensor y = toOutput.size() == 1 ? toOutput.get(0) : Tensor.cat(toOutput, 1);
        if (projections[v - 1] != null) y = y.add(projections[v - 1].forward(x));
        return y;
    }

    private static Tensor add(Tensor acc, Tensor t) {
        return acc == null ? t : acc.add(t);
    }

    /** The first {@code c} channels; vertex channel counts differ by at most one along an edge. */
    private static Tensor truncate(Tensor t, int c) {
        int have = t.size(1);
        if (have == c) return t;
        if (have < c) throw new IllegalStateException("cannot truncate " + have + " channels to " + c);
        return t.narrow(1, 0, c);
    }
}
