package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.predict.study.PredictorBenchmark;
import ionas.nas.predict.study.PredictorFit;
import ionas.nas.predict.study.PredictorTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorStudySectionTest {
    @Test
    void rendersOneTablePerSizeFromTheStudysCsv(@TempDir Path run) throws Exception {
        assertEquals(List.of(), PredictorStudySection.blocks(run), "nothing when the study did not run");
        List<PredictorFit> fits = List.of(new PredictorFit("path", "rf", 100, 1, 900, 0.03, 0.5, 0.6, 0.40, 0.1, 1, 2),
                new PredictorFit("path", "rf", 100, 2, 900, 0.03, 0.5, 0.6, 0.50, 0.2, 1, 2),
                new PredictorFit("path", "rf", 1000, 1, 900, 0.02, 0.7, 0.8, 0.60, 0.3, 1, 2));
        Path dir = Files.createDirectories(run.resolve(PredictorBenchmark.FOLDER));
        Files.writeString(dir.resolve(PredictorTable.CSV_FILE), PredictorTable.of(fits).csv());
        List<Block.Table> tables = PredictorStudySection.blocks(run).stream().filter(b -> b instanceof Block.Table).map(b -> (Block.Table) b).toList();
        assertEquals(List.of("100 training cells", "1,000 training cells"), tables.stream().map(Block.Table::caption).toList());
        List<String> row = tables.getFirst().rows().getFirst();
        assertEquals(List.of("path", "rf", "2"), row.subList(0, 3));
        assertEquals("0.450 ± 0.050", row.get(3 + PredictorTable.Metric.KENDALL.ordinal()), "mean and s.e. of 0.40 and 0.50");
        assertTrue(tables.getLast().rows().getFirst().get(3 + PredictorTable.Metric.KENDALL.ordinal()).equals("0.600"), "one seed: no error");
    }
}
