package ionas.nas.arch2vec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How well any weights of arch2vec's encoder and decoder could decode a cell: whether it can be
 * decoded identically at all, and the most of its 21 scored adjacency entries that can be right.
 *
 * <p><b>What the model can tell apart.</b> The encoder sees each vertex's op one-hot (a zero row for
 * padding) and, in each of its {@link Arch2Vec#GIN_LAYERS} GIN layers, sums its own vector (times
 * 1 + eps) with its neighbours' in the undirected graph A + A^T. Batch norm, linear layers and ReLU
 * act on each row alike. So two vertices with the same colour after that many rounds of colour
 * refinement (1-WL: a colour is the op and the multiset of the neighbours' colours) get the same
 * mu for every choice of weights, and, the other way round, GIN can give differently coloured
 * vertices any mu's at all for suitable weights (Xu et al. 2019: sum aggregation with injective
 * MLPs separates what 1-WL separates; on one cell's at most 7 colours the final vectors can be made
 * affinely independent, and fc1 then sends them wherever wanted). In evaluation mode, where the
 * metrics are taken, z = mu.
 *
 * <p><b>What the decoder then does.</b> An entry (i, j) is predicted an edge when
 * sigmoid(z_i . z_j) > 0.5 ({@link Arch2VecMetrics}: strictly, so sigmoid(0) = 0.5 is a non-edge).
 * Let m_a be the mu shared by colour class a. Then every pair between classes a and b gets the same
 * prediction (m_a . m_b > 0), and every pair within class a gets |m_a|^2 > 0, an edge, unless
 * m_a = 0, which makes every pair touching a a non-edge. Conversely any choice of "edge"/"non-edge"
 * per pair of non-zero classes is reachable: a Gram matrix with c on the diagonal and +1/-1 off it
 * is positive semi-definite for c at least the number of classes (at most 7, below the latent size
 * 16), so vectors m_a exist; they are linearly independent, so the op decoder can still give each
 * class its op (same colour implies same op), and a zero class (padding) gets the op decoder's bias.
 *
 * <p><b>The exact condition.</b> So a cell can be decoded identically (the op rows of its real
 * vertices and all 21 upper-triangle entries right, {@link Arch2VecMetrics.Reconstruction#identicalGraphShare})
 * by some weights if and only if (1) all pairs between two classes agree (all edges or all
 * non-edges) and (2) a class with a non-adjacent pair inside it has no edge at all (it can be set to
 * m = 0). Padding vertices share a colour and have no edges, so they pass; real vertices always have
 * an edge, so two same-coloured real vertices that are not adjacent make a cell undecodable, and so
 * do two classes joined by some edges but not all (for example the 4-cycle of two pairs of twins,
 * which passes the same-colour test). The most entries right is the best, over which classes are
 * set to zero, of: inside a non-zero class, its edges; between two non-zero classes, the larger of
 * its edges and non-edges; touching a zero class, its non-edges. A cell is decodable exactly when
 * that best is 21. This is a bound per cell: one set of weights has to serve every cell at once.
 */
public final class DecodingCeiling {
    private static final int N = Arch2VecEncoding.NODES, K = Arch2VecEncoding.OP_COUNT, PAIRS = N * (N - 1) / 2;
    private static final int PADDING = K; // the initial colour of a zero op row
    /** The file a run keeps the ceiling in, beside arch2vec's metrics (written by {@code ionas arch2vec ceiling --out}, read by the report). */
    public static final String FILE = "ceiling.json";

    private DecodingCeiling() {}

    /**
     * One cell's ceiling: the most of its 21 upper-triangle adjacency entries any weights get right,
     * the colours it rests on, and whether two real vertices of one colour are not adjacent (the
     * simple test, which misses classes joined by some edges but not all).
     */
    public record Cell(int bestAdjacencyCorrect, int[] colours, boolean sameColourNonEdge) {
        public boolean decodable() {
            return bestAdjacencyCorrect == PAIRS;
        }
    }

    /** The ceiling over a set of cells. */
    public record Result(int cells, int undecodable, int sameColourNonEdge, long bestAdjacencyCorrect) {
        public double undecodableShare() {
            return undecodable / (double) cells;
        }

        /** The highest reachable share of cells decoded identically. */
        public double identicalCeiling() {
            return 1 - undecodableShare();
        }

        /** The highest reachable per-entry adjacency accuracy (arch2vec's, over the 21 upper-triangle entries of every cell). */
        public double adjacencyCeiling() {
            return bestAdjacencyCorrect / ((double) cells * PAIRS);
        }
    }

    /** The ceiling over the cells {@code indices} of {@code data}, for arch2vec's encoder. */
    public static Result over(Arch2VecDataset data, int[] indices) {
        Cell[] cells = IntStream.range(0, indices.length).parallel()
                .mapToObj(k -> of(data.ops(indices[k]), data.adjacency(indices[k]), Arch2Vec.GIN_LAYERS)).toArray(Cell[]::new);
        int undecodable = 0, twins = 0;
        long best = 0;
        for (Cell c : cells) {
            if (!c.decodable()) undecodable++;
            if (c.sameColourNonEdge()) twins++;
            best += c.bestAdjacencyCorrect();
        }
        return new Result(cells.length, undecodable, twins, best);
    }

    /** The ceiling over every cell of {@code data}. */
    public static Result over(Arch2VecDataset data) {
        return over(data, IntStream.range(0, data.size()).toArray());
    }

    /**
     * One cell as arch2vec's encoder takes it: one-hot ops (35 values, zero rows for padding) and
     * the strictly upper-triangular adjacency (49 values), after {@code rounds} rounds of colour refinement.
     */
    public static Cell of(float[] ops, float[] adjacency, int rounds) {
        if (ops.length != N * K || adjacency.length != N * N)
            throw new IllegalArgumentException("decoding ceiling: a cell is " + N * K + " op values and " + N * N + " adjacency values, not "
                    + ops.length + " and " + adjacency.length);
        boolean[][] edge = undirected(adjacency);
        int[] initial = initialColours(ops), colours = colours(edge, initial, rounds);
        boolean twins = false;
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) twins |= initial[i] != PADDING && colours[i] == colours[j] && !edge[i][j];
        return new Cell(bestCorrect(edge, colours), colours, twins);
    }

    /**
     * The colours of one cell's vertices after {@code rounds} rounds of colour refinement over the
     * undirected graph, from the op one-hots (35 values, zero rows for padding) and the adjacency (49
     * values, either triangle or both): equal colours are what arch2vec's encoder cannot tell apart.
     */
    static int[] colours(float[] ops, float[] adjacency, int rounds) {
        return colours(undirected(adjacency), initialColours(ops), rounds);
    }

    private static boolean[][] undirected(float[] adjacency) {
        boolean[][] edge = new boolean[N][N];
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) edge[i][j] = edge[j][i] = adjacency[i * N + j] != 0 || adjacency[j * N + i] != 0;
        return edge;
    }

    private static int[] initialColours(float[] ops) {
        int[] c = new int[N];
        for (int i = 0; i < N; i++) {
            c[i] = PADDING;
            for (int k = 0; k < K; k++) if (ops[i * K + k] != 0) c[i] = k;
        }
        return c;
    }

    /** Colour refinement: each round a vertex's colour becomes its colour and the sorted colours of its neighbours, renumbered from 0. */
    static int[] colours(boolean[][] edge, int[] initial, int rounds) {
        int[] c = renumber(Arrays.stream(initial).mapToObj(Integer::toString).toArray(String[]::new));
        for (int r = 0; r < rounds; r++) {
            String[] signature = new String[N];
            for (int i = 0; i < N; i++) {
                int[] around = new int[N];
                int n = 0;
                for (int j = 0; j < N; j++) if (edge[i][j]) around[n++] = c[j];
                Arrays.sort(around, 0, n);
                signature[i] = c[i] + ":" + Arrays.toString(Arrays.copyOf(around, n));
            }
            c = renumber(signature);
        }
        return c;
    }

    /** Equal signatures get equal numbers, in order of first appearance. */
    private static int[] renumber(String[] signature) {
        Map<String, Integer> number = new HashMap<>();
        int[] c = new int[signature.length];
        for (int i = 0; i < signature.length; i++) c[i] = number.computeIfAbsent(signature[i], s -> number.size());
        return c;
    }

    /** The most scored entries right, over the choice of which classes of two or more vertices get mu = 0 (a single vertex never gains by it). */
    private static int bestCorrect(boolean[][] edge, int[] colour) {
        int classes = Arrays.stream(colour).max().orElse(-1) + 1;
        int[] size = new int[classes];
        for (int c : colour) size[c]++;
        // edges and non-edges per unordered pair of classes (a <= b)
        int[][] edges = new int[classes][classes], nonEdges = new int[classes][classes];
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) {
                int a = Math.min(colour[i], colour[j]), b = Math.max(colour[i], colour[j]);
                if (edge[i][j]) edges[a][b]++;
                else nonEdges[a][b]++;
            }
        int[] multi = IntStream.range(0, classes).filter(a -> size[a] > 1).toArray();
        int best = 0;
        for (int subset = 0; subset < 1 << multi.length; subset++) {
            boolean[] zero = new boolean[classes];
            for (int k = 0; k < multi.length; k++) zero[multi[k]] = (subset >> k & 1) == 1;
            int correct = 0;
            for (int a = 0; a < classes; a++)
                for (int b = a; b < classes; b++) {
                    if (zero[a] || zero[b]) correct += nonEdges[a][b];
                    else if (a == b) correct += edges[a][b];
                    else correct += Math.max(edges[a][b], nonEdges[a][b]);
                }
            best = Math.max(best, correct);
        }
        return best;
    }
}
