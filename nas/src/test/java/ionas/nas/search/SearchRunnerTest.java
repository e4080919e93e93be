package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRunnerTest {
    @TempDir
    Path dir;

    /** Counts runs so that the test can see which seeds were really run. */
    private static final class Counting implements SearchAlgorithm {
        final AtomicInteger runs = new AtomicInteger();
        final SearchAlgorithm inner = new RandomSearch(30);

        public String name() {
            return "counting";
        }

        public String settings() {
            return inner.settings();
        }

        public Trace run(SearchTable table, int seed) {
            runs.incrementAndGet();
            return inner.run(table, seed);
        }
    }

    @Test
    void shardsPartitionTheSeedsAndASecondCallResumes() throws Exception {
        SearchTable t = SearchFixtures.slope(100, 4, 1);
        Counting alg = new Counting();
        SearchRunner runner = new SearchRunner(2);
        List<SearchRunner.Outcome> a = runner.run(alg, t, 7, new SearchRunner.Shard(0, 3), dir, ionas.nas.Progress.NONE);
        List<SearchRunner.Outcome> b = runner.run(alg, t, 7, new SearchRunner.Shard(1, 3), dir, ionas.nas.Progress.NONE);
        assertEquals(List.of(1, 4, 7), a.stream().map(o -> o.run().seed()).toList());
        assertEquals(List.of(2, 5), b.stream().map(o -> o.run().seed()).toList());
        assertEquals(5, alg.runs.get());
        assertTrue(Files.exists(SearchRunner.file(dir, 4)));
        assertFalse(Files.exists(SearchRunner.file(dir, 3)));

        List<SearchRunner.Outcome> all = runner.run(alg, t, 7, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE);
        assertEquals(7, alg.runs.get(), "only seeds 3 and 6 were new");
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), all.stream().map(o -> o.run().seed()).toList());
        assertEquals(5, all.stream().filter(SearchRunner.Outcome::resumed).count());
        assertEquals(a.get(1).run().trace(), all.get(3).run().trace(), "a resumed run reads back equal");
        assertEquals(7, runner.read(dir).size());
    }

    /**
     * A folder of runs records what they were made from: a second call with another budget or on
     * another table is an error that says which, instead of taking the old runs as its own.
     */
    @Test
    void runsMadeWithOtherSettingsOrAnotherTableAreNotTakenAsThisCallsOwn() throws Exception {
        SearchTable t = SearchFixtures.slope(100, 4, 1);
        SearchRunner runner = new SearchRunner(1);
        runner.run(new RandomSearch(30), t, 2, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE);
        assertEquals(2, runner.run(new RandomSearch(30), t, 2, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE).stream()
                .filter(SearchRunner.Outcome::resumed).count(), "the same call resumes");

        IOException budget = assertThrows(IOException.class,
                () -> runner.run(new RandomSearch(60), t, 2, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE));
        assertEquals(dir + " holds results made with settings budget=30.0 (this run: budget=60.0): give another --out or --label,"
                + " or delete " + dir + " to compute them again", budget.getMessage());

        SearchTable other = SearchFixtures.slope(100, 4, 2);
        IOException table = assertThrows(IOException.class,
                () -> runner.run(new RandomSearch(30), other, 2, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE));
        assertTrue(table.getMessage().startsWith(dir + " holds results made with table " + t.fingerprint() + " (this run: "
                + other.fingerprint() + ")"), table.getMessage());
    }

    /**
     * Job-array tasks sharing a folder: a seed another process has claimed is left to it (both
     * computed every seed before), and picked up by a later call once the claim is gone.
     */
    @Test
    void aSeedClaimedByAnotherProcessIsLeftToIt() throws Exception {
        SearchTable t = SearchFixtures.slope(100, 4, 1);
        Counting alg = new Counting();
        SearchRunner runner = new SearchRunner(2);
        try (ionas.nas.Claim other = ionas.nas.Claim.tryClaim(ionas.nas.Claim.lockFileOf(SearchRunner.file(dir, 2))).orElseThrow()) {
            assertTrue(ionas.nas.Claim.tryClaim(ionas.nas.Claim.lockFileOf(SearchRunner.file(dir, 2))).isEmpty(), "one claim at a time");
            List<SearchRunner.Outcome> first = runner.run(alg, t, 3, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE);
            assertEquals(List.of(SearchRunner.Status.RUN, SearchRunner.Status.CLAIMED_ELSEWHERE, SearchRunner.Status.RUN),
                    first.stream().map(SearchRunner.Outcome::status).toList());
            assertFalse(Files.exists(SearchRunner.file(dir, 2)));
            assertEquals(2, alg.runs.get());
        }
        List<SearchRunner.Outcome> second = runner.run(alg, t, 3, SearchRunner.Shard.ALL, dir, ionas.nas.Progress.NONE);
        assertEquals(List.of(SearchRunner.Status.RESUMED, SearchRunner.Status.RUN, SearchRunner.Status.RESUMED),
                second.stream().map(SearchRunner.Outcome::status).toList());
        assertEquals(3, alg.runs.get());
        assertEquals(3, runner.read(dir).size(), "lock files are not runs");
    }

    @Test
    void jsonKeepsNaNTestAccuracies() throws Exception {
        float[] e = {0, 1, 2};
        double nan = Double.NaN;
        SearchTable t = SearchTable.of(e, 1, new double[] {0.9, 0.8, 0.95}, new double[] {nan, nan, nan}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(t.bestTest()));
        assertEquals(SearchTable.RegretReference.TABLE_MAXIMA, t.regretReference());
        Trace tr = new RandomSearch(100).run(t, 1);
        SearchRun run = new SearchRun("random", 1, t.regretReference(), t.bestValid(), t.bestTest(), 0.1, tr);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String text = run.toJson(json);
        assertTrue(text.contains("\"regret_test\":[null,null,null]"), text);
        assertEquals(run, SearchRun.fromJson(json, text));
    }

    @Test
    void curvesFollowArch2vecsConvention() {
        Trace a = trace(new double[] {1, 3, 6, 20}, new double[] {0.3, 0.2, 0.1, 0.0});
        Trace b = trace(new double[] {2, 4, 8}, new double[] {0.5, 0.1, 0.1});
        SearchCurves.MeanCurve c = SearchCurves.byQuery(List.of(a, b), 6);
        assertArrayEquals(new double[] {1.5, 3.5}, c.time(), 1e-12, "truncated to 3, then cut at mean runtime <= 6 (7 > 6)");
        assertArrayEquals(new double[] {0.4, 0.15}, c.testRegret(), 1e-12);
        SearchCurves.MeanCurve g = SearchCurves.onTimeGrid(List.of(a, b), new double[] {0.5, 1, 2.5, 100});
        assertTrue(Double.isNaN(g.testRegret()[0]));
        assertEquals(0.3, g.testRegret()[1], 1e-12, "only run a has a query by t = 1");
        assertEquals(0.4, g.testRegret()[2], 1e-12);
        assertEquals(0.05, g.testRegret()[3], 1e-12);
        assertArrayEquals(new double[] {0.0, 0.1}, SearchCurves.finalTestRegrets(List.of(a, b), 6), 1e-12,
                "first query past the time, else the last");
        double[] grid = SearchCurves.logGrid(1e3, 1e6, 4);
        assertArrayEquals(new double[] {1e3, 1e4, 1e5, 1e6}, grid, 1e-6);
    }

    private static Trace trace(double[] time, double[] regret) {
        int n = time.length;
        return new Trace(new int[n], time, new double[n], new double[n], regret.clone(), regret);
    }
}
