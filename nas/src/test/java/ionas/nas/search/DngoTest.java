package ionas.nas.search;

import ionas.nas.numeric.StandardNormal;
import ionas.nas.random.NumpyNormal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.random.NumpyRandomState;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DngoTest {
    // /usr/bin/python3 nas/src/test/python/dngo_reference.py (NumPy 1.24): lines "shuffle", "normals", "init", "erf"
    private static final int[][] SHUFFLES = {{4, 6, 5, 3, 1, 0, 2}, {6, 4, 1, 2, 3, 5, 0}};
    private static final double NORMAL_0_1 = -0.46004212066268363, NORMAL_M3_1 = -3.0579208405943556;
    private static final int[] INIT_SEED5 = {66, 32, 46, 28, 74, 23, 10, 20, 17, 35, 97, 37, 70, 40, 60, 34};
    private static final double[][] ERF = {{-3.0, -0.9999779095030014}, {-1.0, -0.8427007929497149}, {0.3, 0.3286267594591274},
            {2.4, 0.999311486103355}, {2.6, 0.9997639655834707}, {5.0, 0.9999999999984626}};

    /**
     * {@code n} cells uniform in [-2, 2]^4 with one smooth peak: validation accuracy
     * 0.96 - 0.01 |x - c|^2, c = (0.5, -0.5, 0.5, -0.5); test = validation - 0.005; time in [0.5, 1.5].
     */
    static SearchTable bowl(int n, long seed) {
        int dim = 4;
        double[] c = {0.5, -0.5, 0.5, -0.5};
        SplittableRandom r = new SplittableRandom(seed);
        float[] e = new float[n * dim];
        double[] v = new double[n], t = new double[n], time = new double[n];
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            for (int d = 0; d < dim; d++) {
                e[i * dim + d] = (float) (4 * r.nextDouble() - 2);
                d2 += (e[i * dim + d] - c[d]) * (e[i * dim + d] - c[d]);
            }
            v[i] = 0.96 - 0.01 * d2;
            t[i] = v[i] - 0.005;
            time[i] = 0.5 + r.nextDouble();
        }
        return SearchTable.of(e, dim, v, t, time);
    }

    @Test
    void minibatchOrderAndPriorDrawsFollowNumpy() {
        NumpyRandomState rs = new NumpyRandomState(3);
        for (int[] expected : SHUFFLES) assertArrayEquals(expected, rs.permutation(7));
        NumpyNormal normal = new NumpyNormal(rs);
        assertEquals(NORMAL_0_1, normal.next(0, 1), 1e-15);
        assertEquals(NORMAL_M3_1, normal.next(-3, 1), 1e-15);
    }

    @Test
    void initialCellsAreNumpysPermutationPrefix() {
        assertArrayEquals(INIT_SEED5, Dngo.initialCells(5, 100, 16));
        assertArrayEquals(new int[] {66, 32}, Dngo.initialCells(5, 100, 2));
    }

    @Test
    void erfAndExpectedImprovementAsTorchWritesThem() {
        for (double[] e : ERF) assertEquals(e[1], StandardNormal.erf(e[0]), 2e-15, "erf(" + e[0] + ")");
        assertEquals(0.0, StandardNormal.cdf(-9)); // 1 + erf rounds to 0, as torch's cdf does
        // u = (0.96 - 0.95) / 0.01 = 1: EI = 0.01 (pdf(1) + cdf(1))
        double pdf1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI), cdf1 = 0.5 * (1 + 0.6826894921370859);
        double[] ei = Dngo.expectedImprovement(new double[] {0.96, 0.95}, new double[] {0.01, 0.04}, 0.95);
        assertEquals(0.01 * (pdf1 + cdf1), ei[0], 1e-15);
        assertEquals(0.04 / Math.sqrt(2 * Math.PI), ei[1], 1e-15); // u = 0: v pdf(0)
    }

    @Test
    void proposalsAreTheArgsortTailInAscendingOrder() {
        double[] ei = {0.3, 0.9, 0.1, 0.9, 0.5, 0.2, 0.7};
        // stable ascending argsort: 2, 5, 0, 4, 6, 1, 3 -> last three 6, 1, 3
        assertArrayEquals(new int[] {6, 1, 3}, Dngo.topByAscendingArgsort(ei, 3, null));
        boolean[] seen = new boolean[7];
        seen[3] = true;
        seen[6] = true;
        assertArrayEquals(new int[] {0, 4, 1}, Dngo.topByAscendingArgsort(ei, 3, seen));
        assertArrayEquals(new int[] {2, 5, 0, 4, 6, 1, 3}, Dngo.topByAscendingArgsort(ei, 10, null));
    }

    @Test
    void chargesEveryQueryAndStopsOnceTheBudgetIsSpent() {
        SearchTable table = bowl(400, 11);
        Dngo dngo = new Dngo(Dngo.ARCH2VEC.withBudget(40));
        Trace tr = dngo.run(table, 2);
        int n = tr.length();
        assertArrayEquals(Dngo.initialCells(2, 400, 16), java.util.Arrays.copyOf(tr.cells(), 16));
        double spent = 0;
        for (int k = 0; k < n; k++) {
            spent += table.trainingTime(tr.cells()[k]);
            assertEquals(spent, tr.runtime()[k], 1e-9);
        }
        assertTrue(tr.runtime()[n - 1] >= 40 && tr.runtime()[n - 2] < 40, "stops at the first query that reaches the budget");
        assertEquals(tr, dngo.run(table, 2), "a run depends only on the table and the seed");
    }

    @Test
    void deduplicationNeverRequeriesACell() {
        SearchTable table = bowl(300, 5);
        Trace tr = new Dngo(Dngo.ARCH2VEC.withBudget(60).withDeduplicate(true)).run(table, 1);
        Set<Integer> seen = new HashSet<>();
        for (int c : tr.cells()) assertTrue(seen.add(c), "cell " + c + " queried twice");
    }

    @Test
    void findsTheOptimumFasterThanRandomSearch() {
        SearchTable table = bowl(1500, 3);
        double budget = 90;
        double dngoRegret = 0, randomRegret = 0;
        int seeds = 3;
        for (int seed = 1; seed <= seeds; seed++) {
            Trace d = new Dngo(Dngo.ARCH2VEC.withBudget(budget)).run(table, seed);
            Trace r = new RandomSearch(budget).run(table, seed);
            dngoRegret += d.regretValid()[d.length() - 1] / seeds;
            randomRegret += r.regretValid()[r.length() - 1] / seeds;
            System.out.printf("seed %d: DNGO regret %.5f after %d queries (%d distinct), random %.5f%n", seed,
                    d.regretValid()[d.length() - 1], d.length(), java.util.Arrays.stream(d.cells()).distinct().count(),
                    r.regretValid()[r.length() - 1]);
        }
        assertTrue(dngoRegret < randomRegret, "DNGO " + dngoRegret + " vs random " + randomRegret);
    }
}
