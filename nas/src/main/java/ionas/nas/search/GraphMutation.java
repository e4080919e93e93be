package ionas.nas.search;

import ionas.nas.random.PythonRandom;
import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * NAS-Bench-101's {@code mutate_spec} (its example regularized evolution) restricted to a table:
 * with mutation rate r, each of the 21 possible edges flips with probability r/7 and each of the 5
 * interior ops is resampled (to one of the two other ops) with probability r/5; a child is kept when
 * it is valid (input connected to output, at most 9 edges after pruning) and its pruned cell is in
 * the table, else the mutation is redrawn.
 *
 * <p>NAS-Bench-101 mutates the unpruned 7-vertex matrix it keeps per individual; a table holds only
 * pruned cells, so a parent with fewer vertices is padded to 7 with unconnected interior vertices
 * (random ops) placed before the output, which edge flips can then bring into the cell. Random
 * cells are drawn uniformly from the table, not as NAS-Bench-101's random graphs. After
 * {@link #MAX_TRIES} failed draws the parent itself is returned (only on tiny tables).
 */
public final class GraphMutation implements Mutation {
    public static final int MAX_TRIES = 10_000;
    private static final int V = CellSpec.MAX_VERTICES;
    private static final CellOp[] INTERIOR = {CellOp.CONV3X3, CellOp.CONV1X1, CellOp.MAXPOOL3X3};

    private final int size;
    private final IntFunction<CellSpec> graphOf;
    private final ToIntFunction<String> cellOfHash;
    private final double rate;

    /**
     * @param size the table's cell count
     * @param graphOf the graph of a table cell
     * @param cellOfHash the table cell with a NAS-Bench-101 hash, or -1
     * @param rate the mutation rate (NAS-Bench-101's default 1.0)
     */
    public GraphMutation(int size, IntFunction<CellSpec> graphOf, ToIntFunction<String> cellOfHash, double rate) {
        this.size = size;
        this.graphOf = graphOf;
        this.cellOfHash = cellOfHash;
        this.rate = rate;
    }

    /**
     * Mutation over a table with hashes, reading graphs by hash (for example
     * {@code SearchSpace::byHash} of the enumerated space); rate 1.0.
     */
    public static GraphMutation of(SearchTable table, Function<String, CellSpec> graphByHash) {
        List<String> hashes = table.hashes();
        if (hashes.size() != table.size()) throw new IllegalArgumentException("graph mutation needs a table with cell hashes");
        Map<String, Integer> index = new HashMap<>(2 * hashes.size());
        for (int i = 0; i < hashes.size(); i++) index.put(hashes.get(i), i);
        return new GraphMutation(table.size(), i -> graphByHash.apply(hashes.get(i)), h -> index.getOrDefault(h, -1), 1.0);
    }

    @Override
    public int randomCell(PythonRandom rng) {
        return (int) rng.randbelow(size);
    }

    @Override
    public int mutate(int parent, PythonRandom rng) {
        CellSpec p = graphOf.apply(parent);
        int[][] base = new int[V][V];
        CellOp[] baseOps = padded(p, base, rng);
        double edgeProb = rate / V, opProb = rate / (V - 2);
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            int[][] m = new int[V][];
            for (int i = 0; i < V; i++) m[i] = base[i].clone();
            CellOp[] ops = baseOps.clone();
            for (int src = 0; src < V - 1; src++)
                for (int dst = src + 1; dst < V; dst++)
                    if (rng.random() < edgeProb) m[src][dst] = 1 - m[src][dst];
            for (int v = 1; v < V - 1; v++) {
                if (rng.random() < opProb) {
                    CellOp[] others = new CellOp[2];
                    int k = 0;
                    for (CellOp o : INTERIOR) if (o != ops[v]) others[k++] = o;
                    ops[v] = others[(int) rng.randbelow(2)];
                }
            }
            if (!connected(m)) continue;
            CellSpec child = new CellSpec(m, List.of(ops)).pruned();
            if (child.edgeCount() > CellSpec.MAX_EDGES) continue;
            int cell = cellOfHash.applyAsInt(child.hash());
            if (cell >= 0) return cell;
        }
        return parent;
    }

    /** The parent on 7 vertices: its vertices in order, then unconnected ones, then the output. */
    private static CellOp[] padded(CellSpec p, int[][] into, PythonRandom rng) {
        int n = p.vertices();
        int[] at = new int[n];
        for (int k = 0; k < n - 1; k++) at[k] = k;
        at[n - 1] = V - 1;
        CellOp[] ops = new CellOp[V];
        for (int k = 0; k < n; k++) ops[at[k]] = p.ops().get(k);
        for (int v = n - 1; v < V - 1; v++) ops[v] = INTERIOR[(int) rng.randbelow(INTERIOR.length)];
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) if (p.edge(a, b)) into[at[a]][at[b]] = 1;
        return ops;
    }

    private static boolean connected(int[][] m) {
        boolean[] seen = new boolean[V];
        seen[0] = true;
        for (int a = 0; a < V; a++) { // upper triangular: one pass in vertex order reaches everything
            if (!seen[a]) continue;
            for (int b = a + 1; b < V; b++) if (m[a][b] == 1) seen[b] = true;
        }
        return seen[V - 1];
    }

    @Override
    public String toString() {
        return "GraphMutation(rate " + rate + ", " + size + " cells)";
    }
}
