package ionas.nas.nb101.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NAS-Bench-101 records stored as one JSON object of parallel arrays, the format of
 * {@code nb101-20k.json} and {@code nb101-1k.json}:
 *
 * <ul>
 *   <li>{@code key}: the cell's NAS-Bench-101 hash (required);
 *   <li>{@code E_final_validation_accuracy} for E in 4, 12, 36, 108 (108 required, the others
 *       optional): one training run's validation accuracy at that budget;
 *   <li>{@code final_training_time}: seconds of the 108-epoch run (required);
 *   <li>{@code trainable_parameters} (required);
 *   <li>{@code adjacency} (V x V, 0/1, numbers may be 0.0/1.0) and {@code operations} (V ints:
 *       -1 input, 0 conv3x3-bn-relu, 1 conv1x1-bn-relu, 2 maxpool3x3, -2 output, -3 a padding
 *       vertex that is dropped), optional, both or neither.
 * </ul>
 *
 * Other keys (such as {@code embedding}) are skipped. Every array must have one entry per key.
 * There is <b>no test accuracy</b> (nor train accuracy, nor times below 108 epochs) in this
 * format: those stay NaN. Streams with Jackson's parser (20,001 cells in well under a second).
 */
public final class JsonRecords {
    private static final Pattern EPOCH_FIELD = Pattern.compile("(\\d+)_final_validation_accuracy");
    // a field given twice would otherwise be taken last-wins, silently replacing the first array
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonRecords() {}

    public static NasBench read(Path file) throws IOException {
        List<String> keys = null;
        long[] params = null;
        double[] time = null;
        TreeMap<Integer, double[]> accuracy = new TreeMap<>();
        List<int[][]> adjacency = null;
        List<int[]> operations = null;
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new IllegalArgumentException(file + ": not a JSON object of parallel arrays (NAS-Bench-101 JSON records)");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                Matcher m = EPOCH_FIELD.matcher(name);
                switch (name) {
                    case "key" -> keys = strings(p, file, name);
                    case "trainable_parameters" -> params = longs(p, file, name);
                    case "final_training_time" -> time = doubles(p, file, name);
                    case "adjacency" -> adjacency = matrices(p, file, name);
                    case "operations" -> operations = intLists(p, file, name);
                    default -> {
                        if (m.matches()) accuracy.put(Integer.parseInt(m.group(1)), doubles(p, file, name));
                        else p.skipChildren();
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""));
        }
        if (keys == null) throw new IllegalArgumentException(file + ": no 'key' array (the cells' hashes)");
        if (params == null) throw new IllegalArgumentException(file + ": no 'trainable_parameters' array");
        if (time == null) throw new IllegalArgumentException(file + ": no 'final_training_time' array");
        if (!accuracy.containsKey(NasBench.DEFAULT_EPOCHS)) throw new IllegalArgumentException(file + ": no '108_final_validation_accuracy' array");
        if ((adjacency == null) != (operations == null))
            throw new IllegalArgumentException(file + ": '" + (adjacency == null ? "operations" : "adjacency") + "' without '"
                    + (adjacency == null ? "adjacency" : "operations") + "'");
        int n = keys.size();
        sameLength(file, "trainable_parameters", params.length, n);
        sameLength(file, "final_training_time", time.length, n);
        for (var e : accuracy.entrySet()) sameLength(file, e.getKey() + "_final_validation_accuracy", e.getValue().length, n);
        if (adjacency != null) {
            sameLength(file, "adjacency", adjacency.size(), n);
            sameLength(file, "operations", operations.size(), n);
        }
        NasBench.Builder b = new NasBench.Builder(file.toString(), BenchmarkFormat.JSON);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String hash = keys.get(i).toLowerCase(Locale.ROOT); // the hex digest in either case: one cell
            Integer dup = seen.put(hash, i);
            if (dup != null) throw new IllegalArgumentException(file + ": key '" + hash + "' appears twice (entries " + dup + " and " + i + ")");
            CellSpec graph = adjacency == null ? null : graph(file, i, hash, adjacency.get(i), operations.get(i));
            for (var e : accuracy.entrySet()) {
                int epochs = e.getKey();
                double a = e.getValue()[i];
                // a fraction: a percentage or a NaN here would reach search and prediction as a regret of 4.05 or NaN
                if (!(a >= 0 && a <= 1))
                    throw new IllegalArgumentException(file + ": entry " + i + " (" + hash + "): " + epochs + "_final_validation_accuracy is " + a
                            + ", expected a fraction in [0, 1]");
                b.add(hash, graph, params[i], epochs,
                        RunMetrics.finalValidationOnly(e.getValue()[i], epochs == NasBench.DEFAULT_EPOCHS ? time[i] : Double.NaN));
            }
        }
        return b.build();
    }

    /** A cell from JSON arrays: padding vertices (-3) dropped, op codes in NAS-Bench-101's order. */
    static CellSpec graph(Path file, int i, String hash, int[][] adj, int[] ops) {
        String where = file + ": entry " + i + " (" + hash + "): ";
        if (adj.length != ops.length) throw new IllegalArgumentException(where + ops.length + " operations for a " + adj.length + "-row adjacency");
        List<Integer> keep = new ArrayList<>();
        for (int v = 0; v < ops.length; v++) {
            if (adj[v].length != adj.length) throw new IllegalArgumentException(where + "adjacency row " + v + " has " + adj[v].length + " entries, expected " + adj.length);
            if (ops[v] != -3) keep.add(v);
        }
        for (int a = 0; a < adj.length; a++) {
            for (int c = 0; c < adj.length; c++) {
                if (adj[a][c] != 0 && (ops[a] == -3 || ops[c] == -3))
                    throw new IllegalArgumentException(where + "edge " + a + " -> " + c + " touches a padding vertex (-3)");
            }
        }
        int k = keep.size();
        int[][] m = new int[k][k];
        List<CellOp> labels = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
            int code = ops[keep.get(a)];
            labels.add(switch (code) {
                case -1 -> CellOp.INPUT;
                case -2 -> CellOp.OUTPUT;
                case 0 -> CellOp.CONV3X3;
                case 1 -> CellOp.CONV1X1;
                case 2 -> CellOp.MAXPOOL3X3;
                default -> throw new IllegalArgumentException(where + "unknown operation code " + code
                        + " (expected -1 input, 0 conv3x3, 1 conv1x1, 2 maxpool3x3, -2 output, -3 padding)");
            });
            for (int c = 0; c < k; c++) m[a][c] = adj[keep.get(a)][keep.get(c)];
        }
        try {
            return new CellSpec(m, labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
    }

    private static void sameLength(Path file, String name, int length, int keys) {
        if (length != keys) throw new IllegalArgumentException(file + ": '" + name + "' has " + length + " entries but 'key' has " + keys);
    }

    private static void expectArray(JsonParser p, Path file, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY)
            throw new IllegalArgumentException(file + ": '" + name + "' is not an array (line " + p.currentLocation().getLineNr() + ")");
    }

    private static IllegalArgumentException bad(JsonParser p, Path file, String name, int i, String what) {
        return new IllegalArgumentException(file + ": '" + name + "' entry " + i + " is " + p.currentToken() + ", expected " + what);
    }

    private static List<String> strings(JsonParser p, Path file, String name) throws IOException {
        expectArray(p, file, name);
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) throw bad(p, file, name, out.size(), "a string");
            out.add(p.getText());
        }
        return out;
    }

    private static double[] doubles(JsonParser p, Path file, String name) throws IOException {
        expectArray(p, file, name);
        double[] out = new double[1024];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) out[n++] = p.getDoubleValue();
            else if (t == JsonToken.VALUE_NULL) out[n++] = Double.NaN;
            else throw bad(p, file, name, n, "a number");
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] longs(JsonParser p, Path file, String name) throws IOException {
        double[] d = doubles(p, file, name);
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || d[i] < 0)
                throw new IllegalArgumentException(file + ": '" + name + "' entry " + i + " is " + d[i] + ", not a count");
            out[i] = (long) d[i];
        }
        return out;
    }

    private static int entry(JsonParser p, Path file, String name, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw bad(p, file, name, i, "a number");
        double d = p.getDoubleValue();
        if (d != Math.rint(d)) throw new IllegalArgumentException(file + ": '" + name + "' entry " + i + " holds " + d + ", not an integer");
        return (int) d;
    }

    private static List<int[]> intLists(JsonParser p, Path file, String name) throws IOException {
        expectArray(p, file, name);
        List<int[]> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) throw bad(p, file, name, out.size(), "an array");
            int[] row = new int[8];
            int k = 0;
            for (JsonToken u = p.nextToken(); u != JsonToken.END_ARRAY; u = p.nextToken()) {
                if (k == row.length) row = Arrays.copyOf(row, k * 2);
                row[k++] = entry(p, file, name, out.size());
            }
            out.add(Arrays.copyOf(row, k));
        }
        return out;
    }

    private static List<int[][]> matrices(JsonParser p, Path file, String name) throws IOException {
        expectArray(p, file, name);
        List<int[][]> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) throw bad(p, file, name, out.size(), "a matrix (array of arrays)");
            List<int[]> rows = new ArrayList<>();
            for (JsonToken u = p.nextToken(); u != JsonToken.END_ARRAY; u = p.nextToken()) {
                if (u != JsonToken.START_ARRAY) throw bad(p, file, name, out.size(), "a matrix row");
                int[] row = new int[8];
                int k = 0;
                for (JsonToken w = p.nextToken(); w != JsonToken.END_ARRAY; w = p.nextToken()) {
                    if (k == row.length) row = Arrays.copyOf(row, k * 2);
                    row[k++] = entry(p, file, name, out.size());
                }
                rows.add(Arrays.copyOf(row, k));
            }
            out.add(rows.toArray(int[][]::new));
        }
        return out;
    }
}
