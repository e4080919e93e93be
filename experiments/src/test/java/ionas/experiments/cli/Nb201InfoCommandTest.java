package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.nb201.Nb201Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ionas nb201 info} on a small records file the test writes in the data folder's layout. */
class Nb201InfoCommandTest {
    @TempDir
    Path data;

    void records() throws IOException {
        Path f = data.resolve("nasbench201/nb201-val.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"source\": \"two cells\", \"cells\": ["
                + "{\"index\": 0, \"arch\": \"" + Nb201Cell.ofOrdinal(3) + "\", \"val_acc\": {\"cifar10\": 80.5, \"cifar100\": 61, \"ImageNet16-120\": 20}},"
                + "{\"index\": 1, \"arch\": \"" + Nb201Cell.ofOrdinal(9) + "\", \"val_acc\": {\"cifar10\": 70, \"cifar100\": 62.5, \"ImageNet16-120\": 21.25}}]}");
    }

    @Test
    void summarisesTheRecords() throws IOException {
        records();
        CliRun run = CliRun.of("--data", data.toString(), "nb201", "info");
        assertEquals(0, run.code(), run.err());
        String out = run.out().replaceAll(" +", " "); // the columns' padding is not the point
        assertTrue(out.contains("cells: 2 of the space's 15,625"), run.out());
        assertTrue(out.contains("cifar10-valid 80.50% index 0 " + Nb201Cell.ofOrdinal(3)), run.out());
        assertTrue(out.contains("cifar100 62.50% index 1 " + Nb201Cell.ofOrdinal(9)), run.out());
        assertTrue(out.contains("ImageNet16-120 21.25% index 1 "), run.out());
    }

    @Test
    void printsOneCellByIndexOrString() throws IOException {
        records();
        JsonNode byIndex = new ObjectMapper().readTree(CliRun.of("--data", data.toString(), "nb201", "info", "--index", "1").out());
        JsonNode byArch = new ObjectMapper().readTree(CliRun.of("--data", data.toString(), "nb201", "info", "--arch", Nb201Cell.ofOrdinal(9).toString()).out());
        assertEquals(byIndex, byArch);
        assertEquals(62.5, byIndex.path("validationAccuracy").path("cifar100").asDouble());
        assertEquals(8, byIndex.path("arch2vecLabels").size());
        CliRun missing = CliRun.of("--data", data.toString(), "nb201", "info", "--index", "5");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("index 5 is not in"), missing.err());
    }
}
