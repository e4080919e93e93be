package ionas.nas.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One finished search run: which algorithm and seed, the accuracies its regrets are measured
 * from, how long it took on the machine, and its {@link Trace}.
 *
 * <p>As JSON (one file per run): {@code algorithm, seed, regret_reference, best_valid_reference,
 * best_test_reference, wall_seconds} and the trace columns {@code runtime, regret_validation,
 * regret_test} (arch2vec's names), {@code best_validation, best_test, cells}. NaN is written as
 * {@code null}.
 */
public record SearchRun(String algorithm, int seed, SearchTable.RegretReference regretReference,
                        double bestValidReference, double bestTestReference, double wallSeconds, Trace trace) {

    public String toJson(ObjectMapper json) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.put("algorithm", algorithm);
        o.put("seed", seed);
        o.put("regret_reference", regretReference.name());
        putNumber(o, "best_valid_reference", bestValidReference);
        putNumber(o, "best_test_reference", bestTestReference);
        o.put("wall_seconds", wallSeconds);
        array(o.putArray("runtime"), trace.runtime());
        array(o.putArray("regret_validation"), trace.regretValid());
        array(o.putArray("regret_test"), trace.regretTest());
        array(o.putArray("best_validation"), trace.bestValid());
        array(o.putArray("best_test"), trace.bestTest());
        ArrayNode cells = o.putArray("cells");
        for (int c : trace.cells()) cells.add(c);
        return json.writeValueAsString(o);
    }

    public static SearchRun fromJson(ObjectMapper json, String text) throws IOException {
        JsonNode o = json.readTree(text);
        JsonNode cellsNode = o.path("cells");
        int[] cells = new int[cellsNode.size()];
        for (int i = 0; i < cells.length; i++) cells[i] = cellsNode.get(i).asInt();
        Trace t = new Trace(cells, doubles(o, "runtime"), doubles(o, "best_validation"), doubles(o, "best_test"),
                doubles(o, "regret_validation"), doubles(o, "regret_test"));
        return new SearchRun(o.path("algorithm").asText(), o.path("seed").asInt(),
                SearchTable.RegretReference.valueOf(o.path("regret_reference").asText()),
                number(o.get("best_valid_reference")), number(o.get("best_test_reference")),
                number(o.get("wall_seconds")), t);
    }

    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isNaN(v)) o.putNull(name);
        else o.put(name, v);
    }

    private static void array(ArrayNode a, double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) a.addNull();
            else a.add(v);
        }
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static double[] doubles(JsonNode o, String name) throws IOException {
        JsonNode a = o.get(name);
        if (a == null || !a.isArray()) throw new IOException("search run JSON has no array '" + name + "'");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(a.get(i));
        return out;
    }
}
