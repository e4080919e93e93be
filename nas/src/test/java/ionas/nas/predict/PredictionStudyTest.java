package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.search.SearchTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionStudyTest {
    /** A pair file written before the rank measures reads them as NaN, not as a correlation of 0, and its summary leaves them out. */
    @Test
    void resultsWrittenBeforeTheRankMeasuresReadThemAsNotMeasured(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("rf"));
        Files.writeString(dir.resolve("rf/n100-seed1.json"), "[{\"regressor\": \"rf\", \"trainSize\": 100, \"seed\": 1, \"target\": \"VALIDATION\","
                + " \"rmse\": 0.02, \"pearson\": 0.7, \"evaluated\": 500, \"seconds\": 1.5}]");
        PredictionResult old = PredictionStudy.read(dir, RegressorKind.RANDOM_FOREST).getFirst();
        assertEquals(0.7, old.pearson());
        assertTrue(Double.isNaN(old.spearman()) && Double.isNaN(old.kendall()), old.toString());
        PredictionSummary s = PredictionSummary.of(List.of(old)).getFirst();
        assertTrue(Double.isNaN(s.spearman().mean()) && s.pearson().mean() == 0.7, s.toString());
    }

    @Test
    void resumesByFittingOnlyTheMissingPairs(@TempDir Path dir) throws Exception {
        SearchTable table = PredictionFixtures.tanhTable(300, 6, false);
        var config = new PredictionStudy.Config(RegressorKind.RANDOM_FOREST, List.of(50, 100, 300), List.of(1, 2), 2);
        PredictionStudy study = new PredictionStudy(table, config, dir);

        PredictionStudy.Outcome first = study.run();
        assertEquals(4, first.fitted(), "size 300 is not below the table size and is skipped");
        assertEquals(4, first.results().size());
        assertTrue(Files.exists(study.pairFile(50, 2)));
        assertTrue(Files.readString(dir.resolve("rf-summary.csv")).contains("rf,validation,100,2,"));

        PredictionStudy.Outcome again = study.run();
        assertEquals(0, again.fitted());
        assertEquals(first.results(), again.results());

        Files.delete(study.pairFile(100, 1));
        PredictionStudy.Outcome resumed = study.run();
        assertEquals(1, resumed.fitted());
        assertEquals(2, resumed.summaries().size());
        assertEquals(2, resumed.summaries().getLast().seeds());
        for (int k = 0; k < 4; k++) {
            assertEquals(first.results().get(k).rmse(), resumed.results().get(k).rmse(), "forests are seeded");
        }
    }

    /** Fits resumed from a folder must come from this table: other embeddings are an error naming both. */
    @Test
    void fitsOfAnotherTableAreNotTakenAsThisTablesOwn(@TempDir Path dir) throws Exception {
        var config = new PredictionStudy.Config(RegressorKind.RANDOM_FOREST, List.of(50), List.of(1), 1);
        SearchTable table = PredictionFixtures.tanhTable(120, 6, false), other = PredictionFixtures.tanhTable(120, 6, true);
        new PredictionStudy(table, config, dir).run();
        IOException e = assertThrows(IOException.class, () -> new PredictionStudy(other, config, dir).run());
        assertTrue(e.getMessage().contains("holds results made with table " + table.fingerprint() + " (this run: " + other.fingerprint() + ")"),
                e.getMessage());
    }

    /** Fits scored above arch2vec's cut are not taken as fits scored on every cell, and a folder made before the cut was recorded still resumes. */
    @Test
    void fitsScoredWithAnotherCutAreNotTakenAsThisRunsOwn(@TempDir Path dir) throws Exception {
        SearchTable table = PredictionFixtures.tanhTable(120, 6, false);
        var arch2vecs = new PredictionStudy.Config(RegressorKind.RANDOM_FOREST, List.of(50), List.of(1), 1);
        new PredictionStudy(table, arch2vecs, dir).run();
        assertFalse(Files.readString(dir.resolve("rf").resolve(ionas.nas.WorkRecord.FILE)).contains("cut"), "the default cut is not recorded");
        assertEquals(0, new PredictionStudy(table, arch2vecs, dir).run().fitted());
        var everyCell = new PredictionStudy.Config(RegressorKind.RANDOM_FOREST, List.of(50), List.of(1), 1, PredictionMetrics.NO_CUT);
        IOException e = assertThrows(IOException.class, () -> new PredictionStudy(table, everyCell, dir).run());
        assertTrue(e.getMessage().contains("holds results made with cut not recorded (this run: none)"), e.getMessage());
    }
}
