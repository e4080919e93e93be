package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading records files the test writes, in the layout of the shared nb201-val.json. */
class Nb201RecordsTest {
    @TempDir
    Path dir;

    static String entry(int index, int ordinal, double c10, double c100, double img) {
        return "{\"index\": " + index + ", \"arch\": \"" + Nb201Cell.ofOrdinal(ordinal) + "\", \"val_acc\": {\"cifar10\": " + c10
                + ", \"cifar100\": " + c100 + ", \"ImageNet16-120\": " + img + "}}";
    }

    Path file(String... entries) throws IOException {
        Path f = dir.resolve("nb201.json");
        Files.writeString(f, "{\"source\": \"a test\", \"cells\": [" + String.join(",", entries) + "]}");
        return f;
    }

    @Test
    void readsCellsInIndexOrderAndFindsTheBestPerDataset() throws IOException {
        Nb201Records r = Nb201Records.load(file(entry(7, 100, 90.5, 60, 30), entry(2, 5, 85, 70.25, 31), entry(4, 9, 88, 65, 45.5)));
        assertEquals(3, r.size());
        assertEquals("a test", r.description());
        assertEquals(2, r.records().get(0).index());
        assertEquals(7, r.best(Nb201Dataset.CIFAR10_VALID).index());
        assertEquals(2, r.best(Nb201Dataset.CIFAR100).index());
        assertEquals(4, r.best(Nb201Dataset.IMAGENET16_120).index());
        assertEquals(70.25, r.get(Nb201Cell.ofOrdinal(5)).accuracy(Nb201Dataset.CIFAR100));
        assertNull(r.find(Nb201Cell.ofOrdinal(6)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> r.get(Nb201Cell.ofOrdinal(6))).getMessage().contains("is not in"));
    }

    @Test
    void namesTheEntryAndTheProblem() throws IOException {
        assertTrue(error(file(entry(1, 1, 90, 60, 30), entry(1, 2, 90, 60, 30))).contains("entries 0 and 1 both have index 1"));
        assertTrue(error(file(entry(1, 1, 90, 60, 30), entry(2, 1, 90, 60, 30))).contains("are the same cell"));
        assertTrue(error(file(entry(1, 1, 190, 60, 30))).contains("entry 0: index 1: val_acc.cifar10 = 190.0 is not a percentage"));
        assertTrue(error(file(entry(3, 0, 90, 60, 30).replace(Nb201Cell.ofOrdinal(0).toString(), "|none~0|"))).contains("entry 0: not a NAS-Bench-201 architecture string"));
        assertTrue(error(file("{\"index\": 3, \"arch\": \"" + Nb201Cell.ofOrdinal(0) + "\", \"val_acc\": {\"cifar10\": 1}}"))
                .contains("no number val_acc.cifar100"));
        Path notRecords = dir.resolve("x.json");
        Files.writeString(notRecords, "{\"key\": []}");
        assertTrue(error(notRecords).contains("no 'cells' array"));
        assertThrows(NoSuchFileException.class, () -> Nb201Records.load(dir.resolve("missing.json")));
    }

    private static String error(Path f) {
        return assertThrows(IOException.class, () -> Nb201Records.load(f)).getMessage();
    }
}
