package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.search.RandomSearch;
import ionas.nas.search.SearchTable;
import ionas.nas.search.Trace;
import ionas.nas.space.CellRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NAS-Bench-201 records as a search benchmark: fractions, no test accuracy, one unit per query. */
class Nb201BenchmarkTest {
    @TempDir
    Path dir;

    /** Three cells: ordinals 5, 6, 7 with cifar10 accuracies 80, 90.5, 85. */
    private Nb201Records records() throws IOException {
        Path f = dir.resolve("nb201.json");
        double[] acc = {80, 90.5, 85};
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < 3; i++)
            json.append(i == 0 ? "" : ",").append("{\"index\": ").append(i).append(", \"arch\": \"").append(Nb201Cell.ofOrdinal(5 + i))
                    .append("\", \"val_acc\": {\"cifar10\": ").append(acc[i]).append(", \"cifar100\": ").append(60 - i).append(", \"ImageNet16-120\": 30}}");
        Files.writeString(f, json.append("]}"));
        return Nb201Records.load(f);
    }

    @Test
    void recordsAreFractionsWithoutTestAccuracyAndCostOneQuery() throws IOException {
        Nb201Benchmark b = new Nb201Benchmark(records(), Nb201Dataset.CIFAR10_VALID);
        CellRecord r = b.record(Nb201Cell.ofOrdinal(6).toString());
        assertEquals(0.905, r.validationAccuracy(), 1e-12);
        assertTrue(Double.isNaN(r.testAccuracy()));
        assertEquals(1.0, r.trainingTime());
        assertEquals(0.59, new Nb201Benchmark(records(), Nb201Dataset.CIFAR100).record(Nb201Cell.ofOrdinal(6).toString()).validationAccuracy(), 1e-12);
        assertTrue(b.contains(Nb201Cell.ofOrdinal(7).toString()));
        assertFalse(b.contains(Nb201Cell.ofOrdinal(8).toString()));
        assertFalse(b.contains("not a cell"));
        assertThrows(IllegalArgumentException.class, () -> b.record(Nb201Cell.ofOrdinal(8).toString()));
        assertTrue(b.optimum().isEmpty(), "three cells are not the space: regrets come from the table's maxima");
    }

    @Test
    void aSearchOnTheTableSpendsItsBudgetInQueriesAndMeasuresRegretFromTheBest() throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 5; i < 9; i++) keys.add(Nb201Cell.ofOrdinal(i).toString()); // the fourth has no record
        Arch2VecEmbeddings e = new Arch2VecEmbeddings(keys, new float[] {0, 0, 1, 0, 0, 1, 1, 1}, 2);
        SearchTable t = SearchTable.of(e, new Nb201Benchmark(records(), Nb201Dataset.CIFAR10_VALID));
        assertEquals(3, t.size());
        assertEquals(0.905, t.bestValid(), 1e-12);
        Trace tr = new RandomSearch(2).run(t, 1);
        assertEquals(2, tr.length(), "a budget of 2 is two queries");
        double found = Math.max(t.validAccuracy(tr.cells()[0]), t.validAccuracy(tr.cells()[1]));
        assertEquals(0.905 - found, tr.regretValid()[1], 1e-12);
    }
}
