package ionas.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void fieldsRoundTripThroughAnRfc4180Parser() throws IOException {
        Path file = dir.resolve("sub/results.csv");
        List<List<?>> rows = List.of(
                List.of("plain", 1, 0.1),
                Arrays.asList("comma, inside", -7L, Double.NaN),
                Arrays.asList("a \"quoted\" word", null, 1e-7),
                List.of("two\nlines", true, 2.5f));
        Csv.write(file, List.of("name", "n", "value"), rows);

        List<List<String>> parsed = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of(
                List.of("name", "n", "value"),
                List.of("plain", "1", "0.1"),
                List.of("comma, inside", "-7", ""),
                List.of("a \"quoted\" word", "", "1.0E-7"),
                List.of("two\nlines", "true", "2.5")), parsed);
        assertEquals(1e-7, Double.parseDouble(parsed.get(3).get(2)));
    }

    @Test
    void linesEndWithNewlineOnlyAndPlainFieldsAreNotQuoted() throws IOException {
        Path file = dir.resolve("t.csv");
        Csv.write(file, List.of("a", "b"), List.of(List.of(1, 2.0)));
        assertEquals("a,b\n1,2.0\n", Files.readString(file));
    }

    @Test
    void doublesUseTheShortestFormThatReadsBack() {
        for (double d : new double[] {0.1, 1.0 / 3, 123456789.125, -2.5e-300, Math.PI}) {
            String text = Csv.text(d);
            assertEquals(d, Double.parseDouble(text), text);
        }
        assertEquals("0.1", Csv.text(0.1));
        assertEquals("", Csv.text(Float.NaN));
    }

    @Test
    void aRowOfTheWrongWidthIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Csv.write(dir.resolve("bad.csv"), List.of("a", "b"), List.of(List.of(1, 2), List.of(3))));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad.csv")));
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("r.csv");
        Csv.write(file, List.of("a"), List.of(List.of(1)));
        Csv.write(file, List.of("a"), List.of(List.of(2)));
        assertEquals("a\n2\n", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
