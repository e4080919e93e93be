package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearestUnvisitedTest {
    /** Five cells on a line (2-d): x = 0, 1, 1 (a duplicate), 3, -2. */
    private static SearchTable line() {
        float[] e = {0, 0, 1, 0, 1, 0, 3, 0, -2, 0};
        double[] acc = {0.9, 0.91, 0.92, 0.93, 0.94};
        return SearchTable.of(e, 2, acc, acc, new double[] {1, 1, 1, 1, 1});
    }

    @Test
    void walksToTheNearestUnvisitedCellWithTiesToTheLowerIndex() {
        NearestUnvisited env = new NearestUnvisited(line());
        env.visit(0);
        float[] a = {1.1f, 0};
        assertEquals(1, env.step(a), "cells 1 and 2 tie; the lower index wins");
        assertEquals(2, env.step(a));
        assertEquals(3, env.step(a), "0, 1 and 2 are visited");
        assertEquals(4, env.step(a));
        assertTrue(env.exhausted());
        assertEquals(-1, env.step(a));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, env.visitedCells());
    }

    @Test
    void arch2vecsNasBench201StepPassesOverTheNearestCellVisitedOrNot() {
        NearestUnvisited env = new NearestUnvisited(line());
        float[] a = {-0.1f, 0};
        // by distance: 0, then 1 and 2 (tied), 4, 3
        assertEquals(1, env.stepPastNearest(a), "cell 0 is nearest and unvisited, and still passed over");
        assertEquals(2, env.stepPastNearest(a));
        assertEquals(4, env.stepPastNearest(a));
        assertEquals(3, env.stepPastNearest(a));
        assertEquals(-1, env.stepPastNearest(a), "only the nearest cell is left: arch2vec's walk runs off its list");
        assertArrayEquals(new int[] {1, 2, 3, 4}, env.visitedCells(), "cell 0 was never visited");
        NearestUnvisited other = new NearestUnvisited(line());
        other.visit(0);
        assertEquals(1, other.stepPastNearest(a), "with the nearest cell visited, the step is the nearest unvisited one");
        assertEquals(2, other.stepPastNearest(new float[] {1, 0}), "cell 1 is nearest (a tie with 2, the lower index) and visited");
    }

    @Test
    void farActionsStillFindTheNearest() {
        NearestUnvisited env = new NearestUnvisited(line());
        assertEquals(4, env.step(new float[] {-100, 5}));
        assertEquals(0, env.step(new float[] {-100, 5}));
        assertEquals(3, env.step(new float[] {1e6f, 0}));
    }

    @Test
    void vectorAndScalarPathsAgreeOnALargeTable() {
        int n = 5003, dim = 16; // not a multiple of the lane count: the tail is scanned too
        SearchTable t = SearchFixtures.slope(n, dim, 11);
        NearestUnvisited env = new NearestUnvisited(t);
        SplittableRandom r = new SplittableRandom(5);
        for (int q = 0; q < 300; q++) {
            float[] a = new float[dim];
            for (int d = 0; d < dim; d++) a[d] = (float) (3 * r.nextGaussian());
            if (q % 3 == 0) a = t.embedding(n - 1 - q); // exact hits, some in the tail
            int scalar = env.nearestScalar(a, 0, Float.POSITIVE_INFINITY, -1);
            assertEquals(scalar, env.nearest(a), "query " + q);
            assertEquals(bruteForce(t, env, a), scalar, "query " + q);
            env.visit(scalar);
        }
    }

    private static int bruteForce(SearchTable t, NearestUnvisited env, float[] a) {
        int best = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            if (env.visited(i)) continue;
            float s = 0;
            float[] e = t.embedding(i);
            for (int d = 0; d < e.length; d++) s += (e[d] - a[d]) * (e[d] - a[d]);
            if (s < bd) {
                bd = s;
                best = i;
            }
        }
        return best;
    }
}
