package ionas.nas.predict.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.Progress;
import ionas.nas.predict.RegressorKind;
import ionas.nas.predict.encoding.CellEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorBenchmarkTest {
    /** 80 cells {@code c0..c79} whose accuracy is a smooth function of their two features. */
    private static final int N = 80;

    private static final CellEncoding FEATURES = new CellEncoding() {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public double[][] encode(List<String> hashes) {
            return hashes.stream().mapToInt(h -> Integer.parseInt(h.substring(1))).mapToObj(i -> new double[] {i / (double) N, i % 7}).toArray(double[][]::new);
        }
    };

    private static LabelledCells cells() {
        List<String> hashes = new ArrayList<>();
        double[] acc = new double[N];
        for (int i = 0; i < N; i++) {
            hashes.add("c" + i);
            acc[i] = 0.85 + 0.05 * i / N + 0.002 * (i % 7);
        }
        return new LabelledCells(hashes, acc);
    }

    private static PredictorBenchmark.Grid grid(int shard, int shards) {
        return new PredictorBenchmark.Grid(List.of(FEATURES), List.of(RegressorKind.RANDOM_FOREST, RegressorKind.GRADIENT_BOOSTING),
                List.of(10, 20), List.of(1, 2), shard, shards);
    }

    private static Set<PredictorFit.Key> keys(List<PredictorFit> fits) {
        return fits.stream().map(PredictorFit::key).collect(Collectors.toSet());
    }

    @Test
    void shardsSplitTheGridAndAResumedRunFitsOnlyWhatIsMissing(@TempDir Path dir) throws Exception {
        var file = new PredictorResultsFile(dir.resolve("results.csv"));
        var bench = new PredictorBenchmark(cells(), file);

        PredictorBenchmark.Outcome zero = bench.run(grid(0, 2), Progress.NONE);
        assertEquals(4, zero.fitted());
        assertEquals(4, zero.otherShards());
        PredictorBenchmark.Outcome one = bench.run(grid(1, 2), Progress.NONE);
        assertEquals(4, one.fitted());
        assertEquals(8, keys(one.results()).size(), "the two shards together cover the grid, each fit once");

        PredictorBenchmark.Outcome again = bench.run(grid(0, 1), Progress.NONE);
        assertEquals(0, again.fitted());
        assertEquals(8, again.resumed());

        // drop the last row: a rerun makes that fit again, the same as before (fits are seeded)
        List<String> lines = Files.readAllLines(file.path());
        String dropped = lines.removeLast();
        Files.write(file.path(), lines);
        PredictorBenchmark.Outcome resumed = bench.run(grid(0, 1), Progress.NONE);
        assertEquals(1, resumed.fitted());
        List<String> after = Files.readAllLines(file.path());
        assertEquals(dropped.substring(0, dropped.lastIndexOf(",", dropped.lastIndexOf(",") - 1)),
                after.getLast().substring(0, after.getLast().lastIndexOf(",", after.getLast().lastIndexOf(",") - 1)),
                "the refitted row has the same metrics (its seconds differ)");
        for (PredictorFit f : resumed.results()) {
            assertEquals(N - f.trainSize(), f.testCells());
            assertTrue(f.kendall() > 0.3, "a learnable toy target: " + f);
        }
    }

    /**
     * A study on part of the cells (those with zero-cost proxies) draws its training and test cells
     * from that part only, and a results file of a study on other cells is refused, not resumed.
     */
    @Test
    void aStudyOnPartOfTheCellsTestsOnThemAndRefusesAnotherCellSetsResults(@TempDir Path dir) throws Exception {
        LabelledCells even = cells().restrictedTo(h -> Integer.parseInt(h.substring(1)) % 2 == 0);
        assertEquals(N / 2, even.size());
        assertEquals(List.of("c0", "c2", "c4"), even.hashes().subList(0, 3));
        assertEquals(cells().accuracy()[4], even.accuracy()[2]);

        var file = new PredictorResultsFile(dir.resolve("results.csv"));
        PredictorBenchmark.Outcome part = new PredictorBenchmark(even, file).run(grid(0, 1), Progress.NONE);
        for (PredictorFit f : part.results()) assertEquals(N / 2 - f.trainSize(), f.testCells());
        assertTrue(PredictorTable.of(part.results()).markdown().contains("**10 training cells, 30 test cells**"),
                PredictorTable.of(part.results()).markdown());

        var e = assertThrows(IllegalArgumentException.class, () -> new PredictorBenchmark(cells(), file).run(grid(0, 1), Progress.NONE));
        assertTrue(e.getMessage().contains("holds fits on another set of cells"), e.getMessage());
        assertTrue(e.getMessage().contains("30 test cells, not the 70 of these 80 cells"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAResultsTableIsNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, PredictorResultsFile.HEADER + "\ntoy,rf,10,1,70,x,0,0,0,0,0,0\n");
        var e = assertThrows(IllegalArgumentException.class, () -> new PredictorBenchmark(cells(), new PredictorResultsFile(csv)).run(grid(0, 1), Progress.NONE));
        assertTrue(e.getMessage().contains("line 2 is not a results row"), e.getMessage());
    }

    @Test
    void aTrainingSizeThatLeavesNoTestCellsIsRefused(@TempDir Path dir) {
        var g = new PredictorBenchmark.Grid(List.of(FEATURES), List.of(RegressorKind.RANDOM_FOREST), List.of(10, N), List.of(1), 0, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PredictorBenchmark(cells(), new PredictorResultsFile(dir.resolve("r.csv"))).run(g, Progress.NONE));
        assertTrue(e.getMessage().startsWith("training sizes [80]"), e.getMessage());
    }

    @Test
    void theTableGivesMeanAndStandardErrorOverSeeds() {
        List<PredictorFit> fits = List.of(new PredictorFit("toy", "rf", 10, 1, 70, 0.02, 0.5, 0.5, 0.1, 0.0, 1, 1),
                new PredictorFit("toy", "rf", 10, 2, 70, 0.04, 0.7, 0.5, 0.3, 1.0, 3, 1));
        PredictorTable.Row row = PredictorTable.of(fits).rows().getFirst();
        assertEquals(0.2, row.get(PredictorTable.Metric.KENDALL).mean(), 1e-12);
        assertEquals(0.1, row.get(PredictorTable.Metric.KENDALL).standardError(), 1e-12, "sqrt(((0.1)^2 + (0.1)^2) / 1 / 2)");
        assertEquals(0.5, row.get(PredictorTable.Metric.PRECISION_TOP1).standardError(), 1e-12);
        assertTrue(PredictorTable.of(fits).markdown().contains("| toy | rf | 0.0300 ± 0.0100 |"), PredictorTable.of(fits).markdown());
        // a fit that predicted one value for every cell has no correlations: the others' mean, and how many seeds that is
        List<PredictorFit> constant = List.of(fits.get(0), fits.get(1), new PredictorFit("toy", "rf", 10, 3, 70, 0.05, Double.NaN, Double.NaN,
                Double.NaN, 0.0, 1, 1));
        PredictorTable.Row withConstant = PredictorTable.of(constant).rows().getFirst();
        assertEquals(0.2, withConstant.get(PredictorTable.Metric.KENDALL).mean(), 1e-12);
        assertEquals(2, withConstant.get(PredictorTable.Metric.KENDALL).count());
        assertEquals(3, withConstant.seeds());
        assertTrue(PredictorTable.of(constant).markdown().contains("0.200 ± 0.100 (2 of 3 seeds)"), PredictorTable.of(constant).markdown());
    }
}
