package ionas.experiments.plot;

import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CSV files for the experiments' tables, readable by pandas, R and spreadsheets alike: RFC 4180
 * quoting (only fields holding a comma, quote or line break are quoted), {@code '\n'} line ends,
 * UTF-8, and numbers that do not depend on the JVM's locale.
 */
public final class Csv {
    private Csv() {}

    /**
     * Writes {@code header} and then {@code rows} to {@code file} atomically (a temporary file in the
     * same folder, then a rename), creating the folder if missing.
     *
     * <p>Cells: {@code null} and NaN are written empty (pandas reads both back as NaN); doubles and
     * floats in their shortest form that reads back to the same value ({@code 0.1}, {@code 1.0E-7});
     * other numbers, booleans and everything else by {@code toString()}.
     *
     * @throws IllegalArgumentException when the header is empty or a row has a different number of
     *     cells than the header
     */
    public static void write(Path file, List<String> header, List<List<?>> rows) throws IOException {
        AtomicFiles.writeString(file, format(header, rows));
    }

    /** The text {@link #write} writes. */
    static String format(List<String> header, List<List<?>> rows) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rows, "rows");
        if (header.isEmpty()) throw new IllegalArgumentException("a CSV needs at least one column");
        StringBuilder out = new StringBuilder();
        appendRow(out, header);
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = Objects.requireNonNull(rows.get(r), "row " + r);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.size() + " cells but the header has " + header.size());
            }
            appendRow(out, row);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            appendField(out, text(cells.get(i)));
        }
        out.append('\n');
    }

    /** A cell's text before quoting. */
    static String text(Object cell) {
        return switch (cell) {
            case null -> "";
            // Double.toString and Float.toString give the shortest digits that read back exactly
            // (since JDK 19) and never use the locale's decimal separator.
            case Double d -> d.isNaN() ? "" : Double.toString(d);
            case Float f -> f.isNaN() ? "" : Float.toString(f);
            default -> cell.toString();
        };
    }

    private static void appendField(StringBuilder out, String field) {
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0;
        if (!quote) {
            out.append(field);
            return;
        }
        out.append('"').append(field.replace("\"", "\"\"")).append('"');
    }

    /**
     * Reads CSV text as {@link #write} writes it and RFC 4180 allows: quoted fields may hold
     * commas, doubled quotes and line breaks; lines end with {@code \n} or {@code \r\n}.
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
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
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

}
