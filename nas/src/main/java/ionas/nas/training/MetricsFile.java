package ionas.nas.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nas.JsonFiles;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A training run's {@value #NAME}: what the run is (its settings, for people and for the report),
 * the metrics of every finished epoch, the results of a complete run, and whether it is complete.
 * Rewritten atomically after every epoch, so that a reader never sees half a file.
 */
public final class MetricsFile {
    public static final String NAME = "metrics.json";
    private static final String EPOCHS = "epochs", COMPLETED = "completed";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsFile() {}

    /**
     * Writes {@code dir/metrics.json}: the fields of {@code about} (a record or a map), the epochs,
     * the entries of {@code results} and {@code "completed"}, in this order.
     */
    public static void write(Path dir, Object about, List<?> epochs, Map<String, ?> results, boolean completed) throws IOException {
        ObjectNode out = JSON.valueToTree(about);
        out.set(EPOCHS, JSON.valueToTree(epochs));
        results.forEach((key, value) -> out.set(key, JSON.valueToTree(value)));
        out.put(COMPLETED, completed);
        AtomicFiles.write(dir.resolve(NAME), JSON.writeValueAsBytes(out));
    }

    /** The epochs recorded in {@code dir/metrics.json}, each read as {@code type}; empty when there is no file. */
    public static <M> List<M> epochs(Path dir, Class<M> type) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) return List.of();
        return JsonFiles.readList(JSON, file, EPOCHS, type);
    }

    /** Whether {@code dir/metrics.json} says the run is complete (false when it is missing or unreadable). */
    public static boolean isComplete(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) return false;
        try {
            return JSON.readTree(file.toFile()).path(COMPLETED).asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }
}
