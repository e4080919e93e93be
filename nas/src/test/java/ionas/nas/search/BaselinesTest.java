package ionas.nas.search;

import ionas.nas.random.PythonRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Mutation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    @Test
    void randomSearchVisitsEveryCellOnceAndFindsTheOptimum() {
        SearchTable t = SearchFixtures.slope(200, 4, 2);
        Trace tr = new RandomSearch(1e9).run(t, 1);
        assertEquals(200, tr.length());
        assertEquals(200, new HashSet<>(java.util.Arrays.stream(tr.cells()).boxed().toList()).size());
        assertEquals(0.0, tr.regretValid()[199]);
        assertEquals(0.0, tr.regretTest()[199], 1e-15);
        // NumPy: np.random.RandomState(1).permutation(200)[:3] -> the same order
        assertEquals(new ionas.nas.random.NumpyRandomState(1).permutation(200)[0], tr.cells()[0]);
    }

    @Test
    void randomSearchStopsAtTheBudget() {
        SearchTable t = SearchFixtures.slope(200, 4, 2);
        Trace tr = new RandomSearch(20).run(t, 3);
        assertTrue(tr.totalTime() >= 20 && tr.runtime()[tr.length() - 2] < 20);
    }

    /** A ring of cells whose accuracy peaks at one cell; mutation = a step to a neighbour. */
    @Test
    void evolutionClimbsToTheOptimum() {
        int n = 400, peak = 123;
        float[] e = new float[n];
        double[] v = new double[n], time = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = i;
            int d = Math.min(Math.abs(i - peak), n - Math.abs(i - peak));
            v[i] = 0.95 - 0.0001 * d;
            time[i] = 1;
        }
        SearchTable t = SearchTable.of(e, 1, v, v.clone(), time);
        Mutation ring = new Mutation() {
            public int randomCell(PythonRandom rng) {
                return (int) rng.randbelow(n);
            }

            public int mutate(int parent, PythonRandom rng) {
                return Math.floorMod(parent + (rng.random() < 0.5 ? -1 : 1) * (1 + (int) rng.randbelow(3)), n);
            }
        };
        Trace tr = new RegularizedEvolution(ring, 20, 5, 2000).run(t, 1);
        assertEquals(0.0, tr.regretValid()[tr.length() - 1]);
        assertTrue(tr.totalTime() >= 2000);
    }

    @Test
    void graphMutationStaysInTheTableAndChangesTheCell() {
        SearchSpace space = SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE);
        int n = space.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(space.hash(i), i);
        SpaceMutation<CellSpec> m = new SpaceMutation<>(n, space::get, h -> index.getOrDefault(h, -1), new Nb101Mutation(1.0));
        PythonRandom rng = new PythonRandom(1);
        Set<Integer> children = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            int parent = m.randomCell(rng);
            int child = m.mutate(parent, rng);
            assertTrue(child >= 0 && child < n);
            CellSpec c = space.get(child);
            assertTrue(c.vertices() <= 5 && c.edgeCount() <= CellSpec.MAX_EDGES);
            children.add(child);
        }
        assertTrue(children.size() > 50, "mutations reach many cells: " + children.size());
        int p = 0, moved = 0;
        for (int k = 0; k < 50; k++) if (m.mutate(p, rng) != p) moved++;
        assertNotEquals(0, moved);
    }
}
