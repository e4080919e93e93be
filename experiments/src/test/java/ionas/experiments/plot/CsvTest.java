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

        List<List<String>> parsed = parse(Files.readString(file, StandardCharsets.UTF_8));
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

    /** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
    private static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
