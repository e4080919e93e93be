package ionas.nas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a folder of resumable results was made from, recorded beside them in {@value #FILE}. A
 * call that finds results it would have made itself skips them; that is only right when they were
 * made from the same inputs and settings, so the first call records its own, and a later call
 * with others is an error that says which differ, rather than a run that reports old results as
 * its own (a search rerun with another budget, or on other embeddings, did).
 */
public final class WorkRecord {
    /** The file beside the results. */
    public static final String FILE = "settings.json";

    private WorkRecord() {}

    /**
     * Records {@code facts} (name to value, kept in name order) in {@code folder}, or requires that the
     * recorded ones are equal. Results already in the folder without a record cannot be vouched
     * for and are refused too.
     *
     * @param isResult which file names in the folder are results
     */
    public static void requireSame(ObjectMapper json, Path folder, Map<String, String> facts, Predicate<String> isResult)
            throws IOException {
        Map<String, String> sorted = new TreeMap<>(facts);
        Path f = folder.resolve(FILE);
        if (!Files.exists(f)) {
            try (var files = Files.list(folder)) {
                if (files.anyMatch(p -> isResult.test(p.getFileName().toString())))
                    throw new IOException(folder + " holds results but no " + FILE + " saying what they were made from:"
                            + " delete it to compute them again");
            }
            ObjectNode record = json.createObjectNode();
            sorted.forEach(record::put);
            AtomicFiles.writeString(f, json.writerWithDefaultPrettyPrinter().writeValueAsString(record));
            return;
        }
        JsonNode recorded = JsonFiles.readTree(json, f);
        List<String> differences = new ArrayList<>();
        sorted.forEach((key, now) -> {
            String then = recorded.has(key) ? recorded.get(key).asText() : "not recorded";
            if (!then.equals(now)) differences.add(key + " " + then + " (this run: " + now + ")");
        });
        if (!differences.isEmpty())
            throw new IOException(folder + " holds results made with " + String.join(", ", differences)
                    + ": give another --out or --label, or delete " + folder + " to compute them again");
    }
}
