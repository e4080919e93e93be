package ionas.nas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the JSON files of a run (metrics, manifests, results) so that a broken one is named.
 * Jackson's own messages leave the source out ("Source: REDACTED"), so a truncated
 * {@code metrics.json} among a hundred run folders surfaced as "Unexpected end-of-input" with no
 * file; here every parse or mapping error says which file, where in it, and what was wrong.
 */
public final class JsonFiles {
    private JsonFiles() {}

    public static JsonNode readTree(ObjectMapper json, Path file) throws IOException {
        try {
            return json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw named(file, e);
        }
    }

    public static <T> T readValue(ObjectMapper json, Path file, Class<T> type) throws IOException {
        try {
            return json.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw named(file, e);
        }
    }

    public static <T> T readValue(ObjectMapper json, Path file, TypeReference<T> type) throws IOException {
        try {
            return json.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw named(file, e);
        }
    }

    /** The entries of the array {@code field} of {@code file}'s top-level object, each read as {@code type}. */
    public static <T> List<T> readList(ObjectMapper json, Path file, String field, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try {
            for (JsonNode e : readTree(json, file).path(field)) out.add(json.treeToValue(e, type));
        } catch (JsonProcessingException e) {
            throw named(file, e);
        }
        return out;
    }

    /** {@code e} as an IOException whose message names {@code file} and the place in it. */
    public static IOException named(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IOException(file + where + ": " + e.getOriginalMessage() + " (a damaged file, or not the kind of JSON"
                + " expected here; a file ionas wrote can be deleted to compute it again)", e);
    }
}
