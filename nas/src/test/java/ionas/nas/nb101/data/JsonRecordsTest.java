package ionas.nas.nb101.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.ParameterCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel-array JSON format, on a small file the test writes and (when present) on the shared data. */
class JsonRecordsTest {
    static final Path SHARED = Path.of("../../shared/data/nasbench101");

    @TempDir
    Path dir;

    @Test
    void readsRecordsGraphsAndTheEpochBudgets() throws IOException {
        NasBench b = NasBench.load(Fixtures.jsonFile(dir, "small.json", Fixtures.JSON));
        assertEquals(BenchmarkFormat.JSON, b.format());
        assertFalse(b.hasTestAccuracy());
        assertEquals(List.of("00005c142e6f48ac74fdcf73e3439874", "ffff0000000000000000000000000000"), b.hashes());
        assertEquals(List.of(4, 108), b.epochBudgets());
        String h = b.hash(0);
        assertEquals(8555530, b.trainableParameters(h));
        CellSpec first = b.graph(h).orElseThrow();
        assertEquals(7, first.vertices());
        assertEquals(List.of("input", "conv3x3-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv1x1-bn-relu", "output"),
                first.ops().stream().map(o -> o.label()).toList());
        assertEquals(Optional.of(CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv1x1-bn-relu", "output")),
                b.graph(b.hash(1)), "padding vertices (-3) are dropped");
        List<RunMetrics> runs = b.runs(h, 108);
        assertEquals(1, runs.size());
        assertEquals(0.93, runs.get(0).finalValidationAccuracy());
        assertEquals(1768.5, runs.get(0).finalTrainingTime());
        assertTrue(Double.isNaN(runs.get(0).finalTestAccuracy()), "the JSON files have no test accuracy");
        assertTrue(Double.isNaN(b.runs(h, 4).get(0).finalTrainingTime()));
        assertEquals(0.25, b.runs(h, 4).get(0).finalValidationAccuracy());

        QueryResult random = b.result(h, 108, RepeatMode.RANDOM, new Random(7)), mean = b.result(h, 108, RepeatMode.MEAN, null);
        assertEquals(random.validationAccuracy(), mean.validationAccuracy());
        assertEquals(random.trainingTime(), mean.trainingTime());
        assertEquals(0, random.repeat());
        assertTrue(random.test().isEmpty());
        assertTrue(Double.isNaN(mean.testAccuracy()));
        // queries at 4 epochs have no training time to charge
        var e = assertThrows(IllegalStateException.class, () -> b.session(1).query(h, 4, RepeatMode.MEAN));
        assertTrue(e.getMessage().contains("no training time at 4 epochs"), e.getMessage());
    }

    @Test
    void filesWithoutGraphsAreFine() throws IOException {
        String text = """
                {"key": ["a", "b"], "108_final_validation_accuracy": [0.9, 0.8],
                 "final_training_time": [100, 200.5], "trainable_parameters": [10, 20.0]}""";
        NasBench b = NasBench.load(Fixtures.jsonFile(dir, "nographs.json", text));
        assertEquals(2, b.size());
        assertEquals(Optional.empty(), b.graph("a"));
        assertFalse(b.hasGraphs());
        assertEquals(20, b.trainableParameters("b"));
        assertEquals(List.of(108), b.epochBudgets());
    }

    private String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> NasBench.load(Fixtures.jsonFile(dir, "bad.json", text))).getMessage();
    }

    @Test
    void malformedFilesAreClearErrors() {
        String ok = "\"108_final_validation_accuracy\": [0.9], \"final_training_time\": [1], \"trainable_parameters\": [5]";
        assertTrue(error("{" + ok + "}").contains("no 'key' array"));
        assertTrue(error("{\"key\": [\"a\", \"b\"], " + ok + "}").contains("'trainable_parameters' has 1 entries but 'key' has 2"));
        assertTrue(error("{\"key\": [\"a\"], \"108_final_validation_accuracy\": [0.9], \"trainable_parameters\": [5]}")
                .contains("no 'final_training_time' array"));
        assertTrue(error("{\"key\": [\"a\", \"a\"], \"108_final_validation_accuracy\": [0.9, 0.8], \"final_training_time\": [1, 2],"
                + " \"trainable_parameters\": [5, 6]}").contains("key 'a' appears twice (entries 0 and 1)"));
        assertTrue(error("{\"key\": [\"a\"], " + ok + ", \"adjacency\": [[[0, 1], [0, 0]]], \"operations\": [[-1, 7]]}")
                .contains("entry 0 (a): unknown operation code 7"));
        assertTrue(error("{\"key\": [\"a\"], " + ok + ", \"adjacency\": [[[0, 1], [0, 0]]]}").contains("'adjacency' without 'operations'"));
        assertTrue(error("{\"key\": [\"a\"], " + ok + ", \"adjacency\": [[[0, 1], [0, 0]]], \"operations\": [[-1, -3]]}")
                .contains("edge 0 -> 1 touches a padding vertex"));
        assertTrue(error("{\"key\": [1], " + ok + "}").contains("'key' entry 0 is VALUE_NUMBER_INT, expected a string"));
        assertTrue(error("{\"key\": [\"a\"], " + ok).contains("malformed JSON"));
        assertTrue(error("[1, 2]").contains("not a JSON object of parallel arrays"));
    }

    @Test
    void aFieldGivenTwiceAndAccuraciesThatAreNoFractionsAreErrors() {
        String rest = "\"final_training_time\": [1], \"trainable_parameters\": [5]";
        // last-wins used to replace the first array without a word
        String twice = error("{\"key\": [\"a\"], \"108_final_validation_accuracy\": [0.9], \"108_final_validation_accuracy\": [1.0], " + rest + "}");
        assertTrue(twice.contains("malformed JSON") && twice.contains("Duplicate field '108_final_validation_accuracy'"), twice);
        // a percentage gave a regret of 4.05 against a "best" of 5.0
        assertTrue(error("{\"key\": [\"a\"], \"108_final_validation_accuracy\": [5.0], " + rest + "}")
                .contains("entry 0 (a): 108_final_validation_accuracy is 5.0, expected a fraction in [0, 1]"));
        assertTrue(error("{\"key\": [\"a\"], \"108_final_validation_accuracy\": [NaN], " + rest + "}")
                .contains("entry 0 (a): 108_final_validation_accuracy is NaN, expected a fraction in [0, 1]"));
    }

    @Test
    void upperCaseHashesNameTheSameCells() throws IOException {
        String upper = "0123456789ABCDEF0123456789ABCDEF", lower = upper.toLowerCase(java.util.Locale.ROOT);
        Path f = dir.resolve("upper.json");
        Files.writeString(f, "{\"key\": [\"" + upper + "\"], \"108_final_validation_accuracy\": [0.9], \"final_training_time\": [1],"
                + " \"trainable_parameters\": [5]}");
        NasBench b = JsonRecords.read(f);
        assertEquals(lower, b.hash(0));
        assertTrue(b.contains(lower) && b.contains(upper), "found in either case, as the space finds it");
        assertEquals(5, b.trainableParameters(upper));
    }

    // ------------------------------------------------------------ the shared data, when present

    @Test
    void loadsTheTwentyThousandRecordsQuickly() throws IOException {
        Path file = SHARED.resolve("nb101-20k.json");
        assumeTrue(Files.exists(file), "no " + file.toAbsolutePath() + "; skipped");
        NasBench.load(file); // warm up the JIT once
        long t0 = System.nanoTime();
        NasBench b = NasBench.load(file);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("nb101-20k.json: %d cells loaded in %.3f s%n", b.size(), seconds);
        assertEquals(20_001, b.size());
        assertEquals("00005c142e6f48ac74fdcf73e3439874", b.hash(0));
        assertEquals(List.of(4, 12, 36, 108), b.epochBudgets());
        assertEquals(8555530, b.trainableParameters(b.hash(0)));
        assertEquals(0.9304887652397156, b.result(b.hash(0), 108, RepeatMode.MEAN, null).validationAccuracy());
        assertEquals(1768.9759521484375, b.result(b.hash(0), 108, RepeatMode.RANDOM, new Random(1)).trainingTime());
        assertFalse(b.hasGraphs());
        assertTrue(seconds < 2, "took " + seconds + " s");
    }

    @Test
    void oneThousandGraphsReproduceTheBenchmarkParameterCounts() throws IOException {
        Path file = SHARED.resolve("nb101-1k.json");
        assumeTrue(Files.exists(file), "no " + file.toAbsolutePath() + "; skipped");
        NasBench b = NasBench.load(file);
        assertEquals(1000, b.size());
        for (String h : b.hashes()) {
            CellSpec cell = b.graph(h).orElseThrow();
            cell.checkInSpace();
            assertEquals(b.trainableParameters(h), ParameterCount.paperNetwork(cell), h);
        }
        Path big = SHARED.resolve("nb101-20k.json");
        if (Files.exists(big)) {
            NasBench all = NasBench.load(big);
            for (String h : b.hashes()) {
                assertEquals(all.runs(h, 108), b.runs(h, 108), h);
                assertEquals(all.trainableParameters(h), b.trainableParameters(h), h);
            }
        }
    }
}
