package ionas.experiments.report;

import ionas.experiments.plot.Csv;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the files the pipeline leaves in a run folder. Absence is normal (a step not run yet), so
 * readers return empty rather than throw; a file that exists but cannot be parsed is an error worth
 * seeing and is thrown.
 */
final class RunFiles {
    // the trainers write NaN as a bare token (e.g. a metric not computed in that epoch)
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private RunFiles() {}

    /** The JSON tree of {@code file}, empty when the file does not exist. */
    static Optional<JsonNode> json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A number field, NaN when absent, null or not numeric. */
    static double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** The sub-folders of {@code dir}, sorted by name; empty when {@code dir} does not exist. */
    static List<Path> folders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /**
     * The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) as
     * header -> cell maps in file order; empty when the file does not exist.
     */
    static List<Map<String, String>> csv(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return List.of();
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (records.isEmpty()) return List.of();
        List<String> header = records.getFirst();
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() == 1 && r.getFirst().isEmpty()) continue;
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), i < r.size() ? r.get(i) : "");
            rows.add(row);
        }
        return rows;
    }

    /** A CSV cell as a number: empty, "NaN" and unparsable cells are NaN. */
    static double number(Map<String, String> row, String column) {
        String s = row.getOrDefault(column, "").trim();
        if (s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
