package ionas.nas.nb101.space;

import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import ionas.nas.random.PythonRandom;
import ionas.nas.space.CellMutation;
import java.util.List;

/**
 * NAS-Bench-101's {@code mutate_spec} (its example regularized evolution): with mutation rate r,
 * each of the 21 possible edges flips with probability r/7 and each of the 5 interior ops is
 * resampled (to one of the two other ops) with probability r/5; a child is a cell of the space when
 * its input is connected to its output and it has at most 9 edges after pruning.
 *
 * <p>NAS-Bench-101 mutates the unpruned 7-vertex matrix it keeps per individual; the space holds
 * only pruned cells, so a parent with fewer vertices is padded to 7 with unconnected interior
 * vertices (random ops, drawn once per parent) placed before the output, which edge flips can then
 * bring into the cell.
 */
public final class Nb101Mutation implements CellMutation<CellSpec> {
    /** NAS-Bench-101's default mutation rate. */
    public static final double NASBENCH_RATE = 1.0;
    private static final int V = CellSpec.MAX_VERTICES;
    private static final CellOp[] INTERIOR = {CellOp.CONV3X3, CellOp.CONV1X1, CellOp.MAXPOOL3X3};

    private final double rate;

    public Nb101Mutation(double rate) {
        this.rate = rate;
    }

    @Override
    public Children children(CellSpec parent, PythonRandom rng) {
        int[][] base = new int[V][V];
        CellOp[] baseOps = padded(parent, base, rng);
        double edgeProb = rate / V, opProb = rate / (V - 2);
        return r -> {
            int[][] m = new int[V][];
            for (int i = 0; i < V; i++) m[i] = base[i].clone();
            CellOp[] ops = baseOps.clone();
            for (int src = 0; src < V - 1; src++)
                for (int dst = src + 1; dst < V; dst++)
                    if (r.random() < edgeProb) m[src][dst] = 1 - m[src][dst];
            for (int v = 1; v < V - 1; v++) {
                if (r.random() < opProb) {
                    CellOp[] others = new CellOp[2];
                    int k = 0;
                    for (CellOp o : INTERIOR) if (o != ops[v]) others[k++] = o;
                    ops[v] = others[(int) r.randbelow(2)];
                }
            }
            if (!connected(m)) return null;
            CellSpec child = new CellSpec(m, List.of(ops)).pruned();
            if (child.edgeCount() > CellSpec.MAX_EDGES) return null;
            return child.hash();
        };
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
        return "Nb101Mutation(rate " + rate + ")";
    }
}
