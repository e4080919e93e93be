package ionas.nas.nb101.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import ionas.nas.nb101.CellSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One record of the official NAS-Bench-101 files ({@code nasbench_only108.tfrecord},
 * {@code nasbench_full.tfrecord}): one training run of one cell at one epoch budget. The TFRecord
 * payload is a UTF-8 JSON list {@code [module_hash, epochs, raw_adjacency, raw_operations, raw_metrics]}:
 * the adjacency a string of V*V '0'/'1' characters (row major), the ops a comma-separated list of
 * NAS-Bench-101 op names, the metrics a base64 serialized {@link ModelMetrics}.
 *
 * @param graph the cell as stored (NAS-Bench-101 stores it pruned)
 */
public record OfficialRecord(String hash, int epochs, CellSpec graph, ModelMetrics metrics) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a payload; errors say which part is wrong (the caller adds the record's position). */
    public static OfficialRecord parse(byte[] payload) {
        JsonNode list;
        try {
            list = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload is not JSON: " + e.getMessage());
        }
        if (list == null || !list.isArray() || list.size() != 5)
            throw new IllegalArgumentException("payload is not a JSON list of 5 entries [hash, epochs, adjacency, ops, metrics]: "
                    + abbreviate(new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode hashNode = list.get(0), epochsNode = list.get(1), adjNode = list.get(2), opsNode = list.get(3), metricsNode = list.get(4);
        if (!hashNode.isTextual() || hashNode.asText().isEmpty()) throw new IllegalArgumentException("entry 0 (hash) is not a non-empty string: " + hashNode);
        String hash = hashNode.asText();
        if (!epochsNode.canConvertToInt() || !epochsNode.isIntegralNumber() || epochsNode.asInt() <= 0)
            throw new IllegalArgumentException("hash " + hash + ": entry 1 (epochs) is not a positive integer: " + epochsNode);
        if (!adjNode.isTextual() || !opsNode.isTextual() || !metricsNode.isTextual())
            throw new IllegalArgumentException("hash " + hash + ": entries 2-4 (adjacency, ops, metrics) must be strings");
        CellSpec graph = graph(hash, adjNode.asText(), opsNode.asText());
        byte[] proto;
        try {
            proto = Base64.getDecoder().decode(metricsNode.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hash " + hash + ": entry 4 (metrics) is not base64: " + e.getMessage());
        }
        ModelMetrics metrics;
        try {
            metrics = ModelMetrics.parse(proto);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("hash " + hash + ": entry 4 (metrics) is not a ModelMetrics protocol buffer: " + e.getMessage());
        }
        return new OfficialRecord(hash, epochsNode.asInt(), graph, metrics);
    }

    /** The cell of an official record: adjacency string of V*V '0'/'1' chars, ops comma-separated. */
    public static CellSpec graph(String hash, String adjacency, String ops) {
        int v = (int) Math.round(Math.sqrt(adjacency.length()));
        if (v * v != adjacency.length() || v < 2)
            throw new IllegalArgumentException("hash " + hash + ": adjacency string of length " + adjacency.length() + " is not V*V for a V >= 2");
        int[][] m = new int[v][v];
        for (int i = 0; i < adjacency.length(); i++) {
            char c = adjacency.charAt(i);
            if (c != '0' && c != '1') throw new IllegalArgumentException("hash " + hash + ": adjacency character " + i + " is '" + c + "', not 0 or 1");
            m[i / v][i % v] = c - '0';
        }
        String[] names = Arrays.stream(ops.split(",", -1)).map(String::trim).toArray(String[]::new);
        if (names.length != v) throw new IllegalArgumentException("hash " + hash + ": " + names.length + " ops for a " + v + "-vertex adjacency: " + ops);
        try {
            return CellSpec.of(m, names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hash " + hash + ": " + e.getMessage());
        }
    }

    /** The payload JSON for this record (for writing test files). */
    public byte[] toPayload() {
        StringBuilder adj = new StringBuilder();
        for (int[] row : graph.matrix()) for (int e : row) adj.append(e);
        String ops = String.join(",", graph.ops().stream().map(o -> o.label()).toList());
        var list = JSON.createArrayNode().add(hash).add(epochs).add(adj.toString()).add(ops)
                .add(Base64.getEncoder().encodeToString(metrics.toByteArray()));
        try {
            return JSON.writeValueAsBytes(list);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
