package ionas.nas.nb101;

/**
 * The trainable parameter count of a {@link Network}, computed from the layer shapes without
 * building it (no weights are allocated): mirrors {@link Network}, {@link Cell} and
 * {@link ionas.nn.layers.ConvBnRelu} (conv without bias, batch norm with a scale and a shift per channel).
 * {@code ParameterCountTest} checks it against {@code Network.parameterCount()}.
 */
public final class ParameterCount {
    /** The paper's network in words, as outputs name what {@link #paperNetwork} counts. */
    public static final String PAPER_NETWORK = "Network(cell, stem 128, 3 stacks, 3 cells each, 10 classes)";

    private ParameterCount() {}

    /** The paper's network: {@code new Network(cell, 128, 3, 3, 10, init)}. */
    public static long paperNetwork(CellSpec cell) {
        return network(cell, 128, 3, 3, 10);
    }

    /** The parameters of {@code new Network(cell, stemChannels, stacks, cellsPerStack, classes, init)}. */
    public static long network(CellSpec cell, int stemChannels, int stacks, int cellsPerStack, int classes) {
        CellSpec spec = cell.pruned();
        long n = convBnRelu(3, stemChannels, 3);
        int in = stemChannels, out = stemChannels;
        for (int s = 0; s < stacks; s++) {
            if (s > 0) out *= 2;
            for (int m = 0; m < cellsPerStack; m++) {
                n += cell(spec, in, out);
                in = out;
            }
        }
        return n + (long) out * classes + classes;
    }

    /** The parameters of {@code new Cell(cell, in, out, init)}; {@code spec} must be pruned. */
    static long cell(CellSpec spec, int in, int out) {
        int v = spec.vertices();
        int[] ch = VertexChannels.compute(in, out, spec);
        long n = 0;
        for (int t = 1; t < v - 1; t++) {
            n += switch (spec.ops().get(t)) {
                case CONV3X3 -> convBnRelu(ch[t], ch[t], 3);
                case CONV1X1 -> convBnRelu(ch[t], ch[t], 1);
                case MAXPOOL3X3 -> 0;
                default -> throw new IllegalStateException("interior vertex " + t + " is " + spec.ops().get(t));
            };
        }
        for (int t = 1; t < v; t++) if (spec.edge(0, t)) n += convBnRelu(in, ch[t], 1);
        return n;
    }

    private static long convBnRelu(int in, int out, int kernel) {
        return (long) in * out * kernel * kernel + 2L * out;
    }
}
