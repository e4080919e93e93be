package ionas.nas.nb101.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official-format reader and the query API on a tfrecord the test writes. */
class NasBenchTest {
    @TempDir
    Path dir;

    private NasBench official() throws IOException {
        return NasBench.load(Fixtures.officialFile(dir, "tiny.tfrecord"));
    }

    @Test
    void readsCellsInFileOrderWithGraphsParametersAndThreeRepeats() throws IOException {
        NasBench b = official();
        assertEquals(BenchmarkFormat.TFRECORD, b.format());
        assertTrue(b.hasTestAccuracy());
        assertEquals(3, b.size());
        assertEquals(List.of(Fixtures.HASHES), b.hashes());
        assertEquals(1, b.indexOf(Fixtures.HASHES[1]));
        assertEquals(-1, b.indexOf("nope"));
        assertEquals(List.of(4, 108), b.epochBudgets());
        for (int c = 0; c < 3; c++) {
            String h = Fixtures.HASHES[c];
            assertEquals(Optional.of(Fixtures.CELLS[c]), b.graph(h));
            assertEquals(Fixtures.PARAMS[c], b.trainableParameters(h));
            List<RunMetrics> runs = b.runs(h, 108);
            assertEquals(3, runs.size());
            for (int r = 0; r < 3; r++) assertEquals(RunMetrics.of(Fixtures.metrics(c, r, 0)), runs.get(r));
        }
        assertEquals(List.of(RunMetrics.of(Fixtures.metrics(0, 5, 0))), b.runs(Fixtures.HASHES[0], 4));
        assertEquals(List.of(), b.runs(Fixtures.HASHES[1], 4));
        assertEquals(Optional.of(Fixtures.BRANCH), b.graphs().byHash(Fixtures.HASHES[1]));
        assertEquals(Optional.empty(), b.graphs().byHash("unknown"));
    }

    @Test
    void asABenchmarkARecordIsTheRepeatMeanAt108EpochsAndOnlyTheOfficialFileKnowsTheOptimum() throws IOException {
        NasBench b = official();
        ionas.nas.space.CellRecord r = b.record(Fixtures.HASHES[1]);
        QueryResult mean = b.result(Fixtures.HASHES[1], 108, RepeatMode.MEAN, null);
        assertEquals(new ionas.nas.space.CellRecord(mean.validationAccuracy(), mean.testAccuracy(), mean.trainingTime()), r);
        assertEquals(1110, r.trainingTime(), 1e-9);
        assertEquals(Optional.of(NasBench.FULL_SPACE_OPTIMUM), b.optimum());
        assertEquals(423_624, NasBench.FULL_SPACE_OPTIMUM.cells());
        NasBench json = NasBench.load(Fixtures.jsonFile(dir, "records.json", Fixtures.JSON));
        assertEquals(Optional.empty(), json.optimum(), "the JSON records have no test accuracy, so no published optimum applies");
        assertEquals(0.93, json.record("00005c142e6f48ac74fdcf73e3439874").validationAccuracy());
        assertTrue(Double.isNaN(json.record("00005c142e6f48ac74fdcf73e3439874").testAccuracy()));
    }

    @Test
    void meanAveragesTheRepeatsAsArch2vecAndRandomPicksASeededRepeat() throws IOException {
        NasBench b = official();
        String h = Fixtures.HASHES[1];
        QueryResult mean = b.result(h, 108, RepeatMode.MEAN, new Random(0));
        assertEquals(-1, mean.repeat());
        assertEquals(3, mean.repeats());
        assertEquals((0.85 + 0.86 + 0.87) / 3, mean.validationAccuracy(), 1e-12);
        assertEquals((0.84 + 0.85 + 0.86) / 3, mean.testAccuracy(), 1e-12);
        assertEquals(1110, mean.trainingTime(), 1e-9);
        assertEquals(2000, mean.trainableParameters());
        for (long seed = 0; seed < 20; seed++) {
            int expected = new Random(seed).nextInt(3);
            QueryResult r = b.result(h, 108, RepeatMode.RANDOM, new Random(seed));
            assertEquals(expected, r.repeat());
            assertEquals(0.85 + 0.01 * expected, r.validationAccuracy(), 1e-12);
            assertEquals(0.84 + 0.01 * expected, r.test().orElseThrow(), 1e-12);
            assertEquals(1100 + 10 * expected, r.trainingTime(), 1e-9);
        }
        // one run only: both modes give it
        QueryResult four = b.result(Fixtures.HASHES[0], 4, RepeatMode.RANDOM, new Random(3));
        assertEquals(b.result(Fixtures.HASHES[0], 4, RepeatMode.MEAN, new Random(3)).validationAccuracy(), four.validationAccuracy());
    }

    @Test
    void sessionsChargeTheBudget() throws IOException {
        NasBench b = official();
        QuerySession s = b.session(42);
        Random same = new Random(42);
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            QueryResult r = s.query(Fixtures.HASHES[c], RepeatMode.RANDOM);
            assertEquals(1000 + 100 * c + 10 * same.nextInt(3), r.trainingTime(), 1e-9);
            expected += r.trainingTime();
        }
        assertEquals(expected, s.budget().spent(), 1e-9);
        assertEquals(3, s.budget().queries());
        s.budget().reset();
        assertEquals(0, s.budget().spent());

        QuerySession limited = b.session(new Random(1), BudgetCounter.throwing(2500));
        limited.query(Fixtures.HASHES[0], RepeatMode.MEAN); // 1010 s
        limited.query(Fixtures.HASHES[1], RepeatMode.MEAN); // 1110 s -> 2120
        var over = assertThrows(BudgetExceededException.class, () -> limited.query(Fixtures.HASHES[2], RepeatMode.MEAN));
        assertTrue(over.getMessage().contains("time budget exceeded: 3330.0 s spent by 3 queries, limit 2500.0 s"), over.getMessage());

        QuerySession reporting = b.session(new Random(1), BudgetCounter.reporting(1500));
        reporting.query(Fixtures.HASHES[0], RepeatMode.MEAN);
        assertFalse(reporting.budget().exceeded());
        reporting.query(Fixtures.HASHES[1], RepeatMode.MEAN);
        assertTrue(reporting.budget().exceeded());
        assertEquals(1500 - 2120, reporting.budget().remaining(), 1e-9);
    }

    @Test
    void unknownHashesAndBudgetsAreClearErrors() throws IOException {
        NasBench b = official();
        var e = assertThrows(IllegalArgumentException.class, () -> b.session(1).query("deadbeef", RepeatMode.MEAN));
        assertTrue(e.getMessage().contains("hash 'deadbeef' is not in ") && e.getMessage().contains("(3 cells)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> b.result(Fixtures.HASHES[1], 36, RepeatMode.MEAN, new Random()));
        assertTrue(e2.getMessage().contains("no records at 36 epochs") && e2.getMessage().contains("[4, 108]"), e2.getMessage());
    }

    @Test
    void lookUpByCellGoesThroughTheGraphHash() throws IOException {
        NasBench b = official();
        // the fixture's hashes are made up, so NAS-Bench-101's real hash of the cell is not among them
        assertEquals(Optional.of(ionas.nas.nb101.GraphHash.of(Fixtures.BRANCH)), b.hashOf(Fixtures.BRANCH));
        var e = assertThrows(IllegalArgumentException.class, () -> b.session(1).query(Fixtures.BRANCH, RepeatMode.MEAN));
        assertTrue(e.getMessage().contains("is not in"), e.getMessage());
        // any injected hash function works (here: look the graph up among the file's graphs)
        NasBench hashed = b.withGraphHash(cell -> b.hashes().stream().filter(h -> b.graph(h).orElseThrow().equals(cell.pruned())).findFirst().orElse("?"));
        assertEquals(Fixtures.HASHES[1], hashed.session(1).query(Fixtures.BRANCH, RepeatMode.MEAN).hash());
        assertEquals(Optional.of(Fixtures.HASHES[2]), hashed.hashOf(Fixtures.SKIP));
    }

    @Test
    void formatIsDetectedByContentWithoutAnExtension() throws IOException {
        Path official = Fixtures.officialFile(dir, "noext");
        assertEquals(BenchmarkFormat.TFRECORD, BenchmarkFormat.detect(official));
        assertEquals(3, NasBench.load(official).size());
        Path json = Fixtures.jsonFile(dir, "records", "  " + Fixtures.JSON);
        assertEquals(BenchmarkFormat.JSON, BenchmarkFormat.detect(json));
        assertEquals(2, NasBench.load(json).size());
    }

    @Test
    void badPayloadsNameTheRecord() throws IOException {
        Path f = dir.resolve("bad.tfrecord");
        try (TFRecordWriter w = TFRecordWriter.create(f)) {
            w.write(new OfficialRecord(Fixtures.HASHES[0], 108, Fixtures.CHAIN, Fixtures.metrics(0, 0, 1)).toPayload());
            w.write("[\"h\", 108, \"0100\", \"input,output\", \"!!notbase64\"]".getBytes());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> NasBench.fromTFRecord(f));
        assertTrue(e.getMessage().contains("record 1 at byte offset ") && e.getMessage().contains("hash h: entry 4 (metrics) is not base64"), e.getMessage());

        Files.write(f, TFRecordWriter.frame("[\"h\", 108, \"01000\", \"input,output\", \"\"]".getBytes()));
        e = assertThrows(IllegalArgumentException.class, () -> NasBench.fromTFRecord(f));
        assertTrue(e.getMessage().contains("record 0 at byte offset 0: hash h: adjacency string of length 5 is not V*V"), e.getMessage());

        Files.write(f, TFRecordWriter.frame("[\"h\", 108, \"0100\", \"input,conv5x5\", \"\"]".getBytes()));
        e = assertThrows(IllegalArgumentException.class, () -> NasBench.fromTFRecord(f));
        assertTrue(e.getMessage().contains("unknown NAS-Bench-101 op 'conv5x5'"), e.getMessage());

        Files.write(f, TFRecordWriter.frame("{\"not\": \"a list\"}".getBytes()));
        e = assertThrows(IllegalArgumentException.class, () -> NasBench.fromTFRecord(f));
        assertTrue(e.getMessage().contains("not a JSON list of 5 entries"), e.getMessage());
    }

    @Test
    void moreThanThreeRepeatsIsAnError() {
        NasBench.Builder b = new NasBench.Builder("test", BenchmarkFormat.TFRECORD);
        RunMetrics run = RunMetrics.finalValidationOnly(0.9, 100);
        for (int i = 0; i < 3; i++) b.add("h", null, 5, 108, run);
        var e = assertThrows(IllegalArgumentException.class, () -> b.add("h", null, 5, 108, run));
        assertTrue(e.getMessage().contains("hash h: more than 3 runs at 108 epochs"), e.getMessage());
        assertEquals(Optional.empty(), b.build().graph("h"));
    }

    @Test
    void graphsArePackedAndUnpackedExactly() {
        NasBench.Builder b = new NasBench.Builder("test", BenchmarkFormat.TFRECORD);
        List<CellSpec> cells = randomCells(300, 5);
        for (int i = 0; i < cells.size(); i++) b.add("h" + i, cells.get(i), i, 108, RunMetrics.finalValidationOnly(0.5, 1));
        NasBench n = b.build();
        for (int i = 0; i < cells.size(); i++) assertEquals(Optional.of(cells.get(i)), n.graph("h" + i));
    }

    static List<CellSpec> randomCells(int count, long seed) {
        String[] interior = {"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"};
        Random rnd = new Random(seed);
        List<CellSpec> out = new java.util.ArrayList<>();
        while (out.size() < count) {
            int v = 2 + rnd.nextInt(6);
            int[][] m = new int[v][v];
            for (int i = 0; i < v; i++) for (int j = i + 1; j < v; j++) m[i][j] = rnd.nextInt(2);
            String[] ops = new String[v];
            ops[0] = "input";
            ops[v - 1] = "output";
            for (int i = 1; i < v - 1; i++) ops[i] = interior[rnd.nextInt(3)];
            out.add(CellSpec.of(m, ops)); // unpruned and outside the space too: packing must not care
        }
        return out;
    }
}
