package ionas.nas.nb201;

import ionas.nas.space.DecodedGraph;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The graph arch2vec reads for a NAS-Bench-201 cell (its {@code preprocessing/nasbench201_json.py}):
 * the operations become vertices. Vertex 0 is the input, vertices 1..6 are the cell's 6 edges in
 * architecture-string order, vertex 7 is the output; an edge vertex feeds every edge vertex that
 * leaves the node it enters, and the edges into node 3 feed the output. The adjacency is therefore
 * the same for every cell (a {@code none} edge stays a vertex) and only the operation rows differ.
 *
 * <p>Operation rows are one-hot over arch2vec's 7 labels, in its order: input, nor_conv_1x1,
 * nor_conv_3x3, avg_pool_3x3, skip_connect, none, output (not {@link Nb201Op}'s order).
 */
public enum Nb201GraphEncoding implements GraphEncoding<Nb201Cell> {
    INSTANCE;

    /** Vertices of the graph: input, the {@link Nb201Cell#EDGES} edges, output. */
    public static final int VERTICES = Nb201Cell.EDGES + 2;
    /** arch2vec's label index of the input vertex. */
    public static final int INPUT = 0;
    /** arch2vec's label index of the output vertex. */
    public static final int OUTPUT = 6;
    /** The number of vertex labels: input, the five operations, output. */
    public static final int LABELS = 7;

    /** {@link #VERTICES} nodes and {@link #LABELS} op types. */
    public static final GraphLayout LAYOUT = new GraphLayout(VERTICES, LABELS);

    /** arch2vec's label of each {@link Nb201Op}, indexed by the op's ordinal. */
    private static final int[] LABEL_OF_OP = labelOfOp();

    private static int[] labelOfOp() {
        int[] label = new int[Nb201Op.values().length];
        label[Nb201Op.NOR_CONV_1X1.ordinal()] = 1;
        label[Nb201Op.NOR_CONV_3X3.ordinal()] = 2;
        label[Nb201Op.AVG_POOL_3X3.ordinal()] = 3;
        label[Nb201Op.SKIP_CONNECT.ordinal()] = 4;
        label[Nb201Op.NONE.ordinal()] = 5;
        return label;
    }

    @Override
    public GraphLayout layout() {
        return LAYOUT;
    }

    @Override
    public EncodedGraph encode(Nb201Cell cell) {
        int[][] a = adjacency();
        float[] adjacency = new float[VERTICES * VERTICES], ops = new float[VERTICES * LABELS];
        for (int u = 0; u < VERTICES; u++) for (int v = 0; v < VERTICES; v++) adjacency[u * VERTICES + v] = a[u][v];
        int[] labels = labels(cell);
        for (int v = 0; v < VERTICES; v++) ops[v * LABELS + labels[v]] = 1;
        return new EncodedGraph(LAYOUT, adjacency, ops);
    }

    /**
     * arch2vec's rule ({@link #validAsArch2Vec}) on the decoded labels; the decoded adjacency is not
     * looked at, as arch2vec did not. The identity is the cell's architecture string when the
     * labels are a cell, else the label sequence ({@code labels:0,1,...}): arch2vec's rule accepts
     * an input or output label on vertex 1, which is no cell, and such samples still count once
     * each towards uniqueness.
     */
    @Override
    public String validKey(DecodedGraph graph) {
        int[] labels = graph.labels();
        if (!validAsArch2Vec(labels)) return null;
        Nb201Cell cell = decode(labels);
        if (cell != null) return cell.toString();
        return "labels:" + Arrays.stream(labels).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** The adjacency every cell shares: {@code a[u][v] = 1} for a directed edge u -> v (upper triangular). */
    public static int[][] adjacency() {
        int[][] a = new int[VERTICES][VERTICES];
        int output = VERTICES - 1;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int vertex = e + 1;
            if (Nb201Cell.from(e) == 0) a[0][vertex] = 1;
            if (Nb201Cell.to(e) == Nb201Cell.NODES - 1) a[vertex][output] = 1;
            for (int next = 0; next < Nb201Cell.EDGES; next++) {
                if (Nb201Cell.from(next) == Nb201Cell.to(e)) a[vertex][next + 1] = 1;
            }
        }
        return a;
    }

    /** The label index of each vertex of {@code cell}'s graph. */
    public static int[] labels(Nb201Cell cell) {
        int[] labels = new int[VERTICES];
        labels[0] = INPUT;
        for (int e = 0; e < Nb201Cell.EDGES; e++) labels[e + 1] = LABEL_OF_OP[cell.edge(e).ordinal()];
        labels[VERTICES - 1] = OUTPUT;
        return labels;
    }

    /**
     * Whether decoded labels form a cell by arch2vec's rule ({@code is_valid_nasbench201}): the
     * first vertex is the input, the last the output, and vertices 2..6 are operations. The rule
     * leaves vertex 1 and the adjacency unchecked; that is what arch2vec's validity counted, so it is
     * kept here, and {@link #decode} is the stricter reading.
     */
    public static boolean validAsArch2Vec(int[] labels) {
        if (labels.length != VERTICES || labels[0] != INPUT || labels[VERTICES - 1] != OUTPUT) return false;
        for (int v = 2; v < VERTICES - 1; v++) if (labels[v] == INPUT || labels[v] == OUTPUT) return false;
        return true;
    }

    /** The cell whose {@link #labels} these are, or null when any vertex's label does not fit it. */
    public static Nb201Cell decode(int[] labels) {
        if (labels.length != VERTICES || labels[0] != INPUT || labels[VERTICES - 1] != OUTPUT) return null;
        Nb201Op[] ops = new Nb201Op[Nb201Cell.EDGES];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            ops[e] = opOfLabel(labels[e + 1]);
            if (ops[e] == null) return null;
        }
        return new Nb201Cell(List.of(ops));
    }

    private static Nb201Op opOfLabel(int label) {
        for (Nb201Op op : Nb201Op.values()) if (LABEL_OF_OP[op.ordinal()] == label) return op;
        return null;
    }
}
