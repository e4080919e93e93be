package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A step's configuration (a JSON object, nested objects flattened to dotted keys) beside the published settings. */
final class ConfigTable {
    private ConfigTable() {}

    /**
     * @param published setting -> the published value under our key; keys we did not record are listed too.
     *     Fractional numbers of ours are printed as written (0.025, not 0.02500), like the published ones
     * @param source    who published the values, for the column header
     */
    static Block.Table of(String caption, JsonNode config, Map<String, String> published, String source) {
        Map<String, String> ours = flatten(config);
        List<List<String>> rows = new ArrayList<>();
        ours.forEach((k, v) -> rows.add(List.of(k, v, published.getOrDefault(k, "—"))));
        published.keySet().stream().filter(k -> !ours.containsKey(k)).sorted()
                .forEach(k -> rows.add(List.of(k, Fmt.NA, published.get(k))));
        return new Block.Table(caption, List.of("setting", "ours", source), rows);
    }

    /** A step's configuration alone, where nothing is published to set beside it. */
    static Block.Table of(String caption, JsonNode config) {
        List<List<String>> rows = new ArrayList<>();
        flatten(config).forEach((k, v) -> rows.add(List.of(k, v)));
        return new Block.Table(caption, List.of("setting", "ours"), rows);
    }

    static Map<String, String> flatten(JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        if (config != null) flatten("", config, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
            return;
        }
        String key = prefix.substring(0, Math.max(0, prefix.length() - 1));
        out.put(key, node.isNumber() && !node.isIntegralNumber() ? Fmt.published(node.asDouble()) : node.isTextual() ? node.asText() : node.toString());
    }
}
