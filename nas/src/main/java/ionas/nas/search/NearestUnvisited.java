package ionas.nas.search;

import ionas.kernels.cpu.VectorSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * arch2vec's environment step (spec 3.9, {@code Env.step}): the cell whose embedding is nearest
 * (Euclidean) to an action among the cells not yet visited, which is then marked visited.
 *
 * <p>arch2vec sorts all distances and walks the order; the first unvisited index in that order is
 * simply the unvisited cell of least distance, so one scan suffices. Squared distances are
 * compared (same order as distances), summed in float over the coordinates in order 0..dim-1;
 * ties go to the lower index. The Vector API path runs across cells (one lane per cell, reading the
 * table's column-major copy), so every lane computes exactly the scalar loop's sum and both paths
 * pick the same cell. Visited cells carry a penalty of +infinity added to their distance.
 *
 * <p>One instance per search run (it holds that run's visited set); not thread-safe.
 */
public final class NearestUnvisited {
    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private final SearchTable table;
    private final float[] penalty; // 0 = unvisited, +inf = visited
    private int visitedCount;

    public NearestUnvisited(SearchTable table) {
        this.table = table;
        this.penalty = new float[table.size()];
    }

    /** Marks a cell visited (the initial state, or a cell chosen by {@link #step}). */
    public void visit(int cell) {
        if (penalty[cell] == 0) {
            penalty[cell] = Float.POSITIVE_INFINITY;
            visitedCount++;
        }
    }

    public boolean visited(int cell) {
        return penalty[cell] != 0;
    }

    /** Whether every cell has been visited. */
    public boolean exhausted() {
        return visitedCount == table.size();
    }

    /** The nearest unvisited cell to {@code action}, now marked visited; -1 when none is left. */
    public int step(float[] action) {
        int best = nearest(action);
        if (best >= 0) visit(best);
        return best;
    }

    /**
     * arch2vec's NAS-Bench-201 step ({@code reinforce_search_NB201_8x8.py}, whose walk along the
     * sorted distances starts at position 1, not 0): the nearest unvisited cell other than the
     * cell nearest to {@code action} overall, visited or not; now marked visited. -1 when none is
     * left (arch2vec fails there).
     */
    public int stepPastNearest(float[] action) {
        int nearest = nearestOverall(action);
        boolean skipped = !visited(nearest);
        if (skipped) penalty[nearest] = Float.POSITIVE_INFINITY;
        int best = visitedCount + (skipped ? 1 : 0) == table.size() ? -1 : nearestScalar(action, 0, Float.POSITIVE_INFINITY, -1);
        if (skipped) penalty[nearest] = 0;
        if (best >= 0) visit(best);
        return best;
    }

    /** The cell nearest to {@code action}, visited or not (ties to the lower index). */
    private int nearestOverall(float[] action) {
        if (action.length != table.dim())
            throw new IllegalArgumentException("action has " + action.length + " coordinates, the table's embeddings " + table.dim());
        float[] rows = table.rows();
        int dim = table.dim(), best = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int i = 0; i < table.size(); i++) {
            float s = 0;
            for (int d = 0; d < dim; d++) {
                float diff = rows[i * dim + d] - action[d];
                s += diff * diff;
            }
            if (s < bd) {
                bd = s;
                best = i;
            }
        }
        return best;
    }

    /** The nearest unvisited cell, without marking it; -1 when none is left. */
    public int nearest(float[] action) {
        if (action.length != table.dim())
            throw new IllegalArgumentException("action has " + action.length + " coordinates, the table's embeddings " + table.dim());
        if (exhausted()) return -1;
        return VectorSupport.ENABLED && F.length() == I.length() ? nearestVector(action) : nearestScalar(action, 0, Integer.MAX_VALUE, -1);
    }

    /** The scalar scan over cells {@code from..size-1}, starting from a candidate {@code (bestDist, best)}. */
    int nearestScalar(float[] action, int from, float bestDist, int best) {
        float[] col = table.columns();
        int n = table.size(), dim = table.dim();
        float bd = best < 0 ? Float.POSITIVE_INFINITY : bestDist;
        for (int i = from; i < n; i++) {
            float s = 0;
            for (int d = 0; d < dim; d++) {
                float diff = col[d * n + i] - action[d];
                s += diff * diff;
            }
            s += penalty[i];
            if (s < bd) {
                bd = s;
                best = i;
            }
        }
        return best;
    }

    private int nearestVector(float[] action) {
        float[] col = table.columns();
        int n = table.size(), dim = table.dim(), lanes = F.length();
        int bound = F.loopBound(n);
        FloatVector bestV = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        IntVector bestI = IntVector.broadcast(I, -1);
        IntVector idx = IntVector.zero(I).addIndex(1);
        IntVector step = IntVector.broadcast(I, lanes);
        for (int i = 0; i < bound; i += lanes) {
            FloatVector s = FloatVector.zero(F);
            for (int d = 0; d < dim; d++) {
                FloatVector diff = FloatVector.fromArray(F, col, d * n + i).sub(action[d]);
                s = s.add(diff.mul(diff)); // mul then add, no fma: the scalar loop's rounding
            }
            s = s.add(FloatVector.fromArray(F, penalty, i));
            VectorMask<Float> better = s.lt(bestV); // strict: an earlier cell keeps a tie
            bestV = bestV.blend(s, better);
            bestI = bestI.blend(idx, better.cast(I));
            idx = idx.add(step);
        }
        float[] v = bestV.toArray();
        int[] c = bestI.toArray();
        float bd = Float.POSITIVE_INFINITY;
        int best = -1;
        for (int l = 0; l < lanes; l++) {
            if (c[l] >= 0 && (v[l] < bd || (v[l] == bd && c[l] < best))) {
                bd = v[l];
                best = c[l];
            }
        }
        return nearestScalar(action, bound, bd, best); // the tail holds higher indices: they win only when strictly nearer
    }

    /** The visited cells, ascending (for tests and diagnostics). */
    public int[] visitedCells() {
        return java.util.stream.IntStream.range(0, penalty.length).filter(this::visited).toArray();
    }

    @Override
    public String toString() {
        return "NearestUnvisited(" + visitedCount + " of " + table.size() + " visited)";
    }
}
