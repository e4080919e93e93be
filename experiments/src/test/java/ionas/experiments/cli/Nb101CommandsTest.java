package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.GraphHash;
import ionas.nas.nb101.ParameterCount;
import ionas.nas.nb101.data.ModelMetrics;
import ionas.nas.nb101.data.OfficialRecord;
import ionas.nas.nb101.data.TFRecordWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ionas nb101 info} and {@code ionas nb101 check-params} on small files the test writes. */
class Nb101CommandsTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final CellSpec CHAIN = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output");
    static final CellSpec BRANCH = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}},
            "input", "conv1x1-bn-relu", "maxpool3x3", "output");
    static final CellSpec WIDE = CellSpec.of(new int[][] {{0, 1, 1, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}},
            "input", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv1x1-bn-relu", "output");
    static final String H1 = GraphHash.of(CHAIN), H2 = GraphHash.of(BRANCH), H3 = "33333333333333333333333333333333";

    @TempDir
    Path dir;

    /** A nb101-1k.json-style file: cells (null = no graphs in the file), their parameter counts, accuracy and time. */
    Path jsonFile(String name, List<String> keys, List<CellSpec> cells, long[] params) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode key = root.putArray("key"), acc = root.putArray("108_final_validation_accuracy"),
                time = root.putArray("final_training_time"), par = root.putArray("trainable_parameters");
        ArrayNode adj = cells == null ? null : root.putArray("adjacency"), ops = cells == null ? null : root.putArray("operations");
        for (int i = 0; i < keys.size(); i++) {
            key.add(keys.get(i));
            acc.add(0.9 + 0.01 * i);
            time.add(1000.5 + i);
            par.add(params[i]);
            if (cells != null) {
                CellSpec c = cells.get(i);
                ArrayNode m = adj.addArray(), o = ops.addArray();
                for (int a = 0; a < 7; a++) {
                    ArrayNode row = m.addArray();
                    for (int b = 0; b < 7; b++) row.add(a < c.vertices() && b < c.vertices() ? (double) c.matrix()[a][b] : 0.0);
                }
                for (int a = 0; a < 7; a++) {
                    o.add(a >= c.vertices() ? -3 : switch (c.ops().get(a)) {
                        case INPUT -> -1;
                        case OUTPUT -> -2;
                        case CONV3X3 -> 0;
                        case CONV1X1 -> 1;
                        case MAXPOOL3X3 -> 2;
                    });
                }
            }
        }
        return Files.writeString(dir.resolve(name), JSON.writeValueAsString(root));
    }

    static ModelMetrics metrics(int r, long params) {
        var start = new ModelMetrics.EvaluationData(0, 0, 0.1, 0.1, 0.1);
        var half = new ModelMetrics.EvaluationData(54, 400, 0.7, 0.69, 0.68);
        var end = new ModelMetrics.EvaluationData(108, 900 + 30 * r, 0.99, 0.91 + 0.01 * r, 0.90 + 0.01 * r);
        return new ModelMetrics(List.of(start, half, end), params, 1000);
    }

    Path tfrecord(String name) throws IOException {
        Path f = dir.resolve(name);
        try (TFRecordWriter w = TFRecordWriter.create(f)) {
            for (int r = 0; r < 3; r++) {
                w.write(new OfficialRecord(H1, 108, CHAIN, metrics(r, ParameterCount.paperNetwork(CHAIN))).toPayload());
                w.write(new OfficialRecord(H2, 108, BRANCH, metrics(r, ParameterCount.paperNetwork(BRANCH))).toPayload());
            }
        }
        return f;
    }

    private String data() {
        return dir.toString(); // no nasbench101/ folder: no default files
    }

    @Test
    void infoByHashOnTheOfficialFormat() throws IOException {
        Path f = tfrecord("tiny.tfrecord");
        CliRun r = run("nb101", "info", "--data", data(), "--hash", H2, "--benchmark", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(H2, j.get("hash").asText());
        assertEquals("[\"input\",\"conv1x1-bn-relu\",\"maxpool3x3\",\"output\"]", j.get("cell").get("ops").toString());
        assertEquals(f.toString(), j.get("graph_source").asText());
        assertEquals(ParameterCount.paperNetwork(BRANCH), j.get("parameters").get("count").asLong());
        assertTrue(j.get("parameters").get("match").asBoolean());
        JsonNode b = j.get("benchmark");
        assertEquals("tfrecord", b.get("format").asText());
        assertTrue(b.get("has_test_accuracy").asBoolean());
        assertEquals(1, b.get("index").asInt());
        JsonNode e108 = b.get("epochs").get("108");
        assertEquals(3, e108.get("runs").size());
        assertEquals(0.92, e108.get("runs").get(1).get("final_validation_accuracy").asDouble(), 1e-12);
        assertEquals(0.68, e108.get("runs").get(1).get("halfway_test_accuracy").asDouble(), 1e-12);
        assertEquals(0.91, e108.get("mean").get("test_accuracy").asDouble(), 1e-12);
        assertEquals(930, e108.get("mean").get("training_time").asDouble(), 1e-9);
        // detected by content without the extension
        Path noExt = Files.copy(f, dir.resolve("records"));
        assertEquals(0, run("nb101", "info", "--data", data(), "--hash", H1, "--benchmark", noExt.toString()).code());
    }

    @Test
    void infoJsonKeepsItsLayout() throws IOException {
        // names, order, nulls and left-out fields exactly as scripts have read them (the output before CellInfo)
        Path f = tfrecord("records");
        CliRun r = run("nb101", "info", "--data", data(), "--hash", H1, "--benchmark", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                {
                  "hash" : "b49ac8c578b4561d79ac7087988f1c61",
                  "hash_source" : "given (--hash)",
                  "cell" : {
                    "vertices" : 3,
                    "edges" : 2,
                    "matrix" : [ [ 0, 1, 0 ], [ 0, 0, 1 ], [ 0, 0, 0 ] ],
                    "ops" : [ "input", "conv3x3-bn-relu", "output" ],
                    "in_nasbench101_space" : true
                  },
                  "graph_source" : "DIR/records",
                  "parameters" : {
                    "network" : "Network(cell, stem 128, 3 stacks, 3 cells each, 10 classes)",
                    "count" : 10177674,
                    "benchmark" : 10177674,
                    "match" : true
                  },
                  "benchmark" : {
                    "file" : "DIR/records",
                    "format" : "tfrecord",
                    "has_test_accuracy" : true,
                    "index" : 0,
                    "epochs" : {
                      "108" : {
                        "runs" : [ {
                          "final_validation_accuracy" : 0.91,
                          "final_test_accuracy" : 0.9,
                          "final_train_accuracy" : 0.99,
                          "final_training_time" : 900.0,
                          "halfway_validation_accuracy" : 0.69,
                          "halfway_test_accuracy" : 0.68,
                          "halfway_train_accuracy" : 0.7,
                          "halfway_training_time" : 400.0
                        }, {
                          "final_validation_accuracy" : 0.92,
                          "final_test_accuracy" : 0.91,
                          "final_train_accuracy" : 0.99,
                          "final_training_time" : 930.0,
                          "halfway_validation_accuracy" : 0.69,
                          "halfway_test_accuracy" : 0.68,
                          "halfway_train_accuracy" : 0.7,
                          "halfway_training_time" : 400.0
                        }, {
                          "final_validation_accuracy" : 0.93,
                          "final_test_accuracy" : 0.92,
                          "final_train_accuracy" : 0.99,
                          "final_training_time" : 960.0,
                          "halfway_validation_accuracy" : 0.69,
                          "halfway_test_accuracy" : 0.68,
                          "halfway_train_accuracy" : 0.7,
                          "halfway_training_time" : 400.0
                        } ],
                        "mean" : {
                          "repeats" : 3,
                          "validation_accuracy" : 0.92,
                          "test_accuracy" : 0.91,
                          "train_accuracy" : 0.9899999999999999,
                          "training_time" : 930.0
                        }
                      }
                    }
                  },
                  "notes" : [ ]
                }
                """, r.out().replace(dir.toString(), "DIR"));

        Path bench = jsonFile("bench.json", List.of(H1, H2), List.of(CHAIN, BRANCH),
                new long[] {ParameterCount.paperNetwork(CHAIN), ParameterCount.paperNetwork(BRANCH)});
        CliRun none = run("nb101", "info", "--data", data(), "--benchmark", bench.toString(), "--matrix", "0,1;0,0", "--ops", "input,output");
        assertEquals(0, none.code(), none.err());
        assertEquals("""
                {
                  "hash" : "043721b9c7fe8c5fad811d47d83132ec",
                  "hash_source" : "NAS-Bench-101 graph hash",
                  "cell" : {
                    "vertices" : 2,
                    "edges" : 1,
                    "matrix" : [ [ 0, 1 ], [ 0, 0 ] ],
                    "ops" : [ "input", "output" ],
                    "in_nasbench101_space" : true
                  },
                  "graph_source" : "--matrix/--ops",
                  "parameters" : {
                    "network" : "Network(cell, stem 128, 3 stacks, 3 cells each, 10 classes)",
                    "count" : 882570,
                    "benchmark" : null
                  },
                  "benchmark" : {
                    "file" : "DIR/bench.json",
                    "format" : "json",
                    "has_test_accuracy" : false,
                    "test_accuracy_note" : "this file has no test accuracy (nor train accuracy, nor halfway results): the JSON record files hold one training run's validation accuracy per budget; the official nasbench_only108.tfrecord has test accuracies",
                    "epochs" : null
                  },
                  "notes" : [ "hash 043721b9c7fe8c5fad811d47d83132ec is not in DIR/bench.json" ]
                }
                """, none.out().replace(dir.toString(), "DIR"));
    }

    @Test
    void infoByHashTakesTheGraphFromTheGraphsFileAndSaysWhenItIsUnknown() throws IOException {
        long[] p = {ParameterCount.paperNetwork(CHAIN), ParameterCount.paperNetwork(BRANCH), 123};
        Path bench = jsonFile("bench.json", List.of(H1, H2, H3), null, p);
        Path graphs = jsonFile("graphs.json", List.of(H2), List.of(BRANCH), new long[] {p[1]});
        CliRun r = run("nb101", "info", "--data", data(), "--hash", H2, "--benchmark", bench.toString(), "--graphs", graphs.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(graphs.toString(), j.get("graph_source").asText());
        assertTrue(j.get("parameters").get("match").asBoolean());
        JsonNode b = j.get("benchmark");
        assertFalse(b.get("has_test_accuracy").asBoolean());
        assertTrue(b.get("test_accuracy_note").asText().contains("no test accuracy"));
        assertFalse(b.get("epochs").get("108").get("mean").has("test_accuracy"));
        assertEquals(0.91, b.get("epochs").get("108").get("mean").get("validation_accuracy").asDouble(), 1e-12);

        CliRun unknownGraph = run("nb101", "info", "--data", data(), "--hash", H3, "--benchmark", bench.toString(), "--graphs", graphs.toString());
        assertEquals(0, unknownGraph.code(), unknownGraph.err());
        JsonNode u = JSON.readTree(unknownGraph.out());
        assertTrue(u.get("cell").isNull());
        assertTrue(u.get("parameters").get("count").isNull());
        assertEquals(123, u.get("parameters").get("benchmark").asLong());
        assertTrue(u.get("notes").get(0).asText().startsWith("graph unknown: no graph for " + H3), u.toString());
        assertTrue(u.get("notes").get(0).asText().contains("run ./ionas nb101 enumerate"), u.toString());

        CliRun missing = run("nb101", "info", "--data", data(), "--hash", "feedbeef", "--benchmark", bench.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("hash feedbeef is not in " + bench + " and no graph is known for it"), missing.err());
    }

    @Test
    void infoByMatrixPrunesTheCellAndFindsAnIdenticalStoredGraph() throws IOException {
        Path bench = jsonFile("bench.json", List.of(H1, H2), List.of(CHAIN, BRANCH),
                new long[] {ParameterCount.paperNetwork(CHAIN), ParameterCount.paperNetwork(BRANCH)});
        // CHAIN with an extra dangling conv vertex that pruning removes
        CliRun r = run("nb101", "info", "--data", data(), "--benchmark", bench.toString(),
                "--matrix", "0,1,1,0; 0,0,0,1; 0,0,0,0; 0,0,0,0", "--ops", "input,conv3x3,conv1x1,output");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(H1, j.get("hash").asText());
        assertEquals("NAS-Bench-101 graph hash", j.get("hash_source").asText());
        assertEquals(3, j.get("cell").get("vertices").asInt());
        assertTrue(j.get("graph_source").asText().contains("pruned"));
        assertEquals(ParameterCount.paperNetwork(CHAIN), j.get("parameters").get("count").asLong());

        CliRun json = run("nb101", "info", "--data", data(), "--benchmark", bench.toString(),
                "--matrix", "[[0,1,1,0],[0,0,0,1],[0,0,0,1],[0,0,0,0]]", "--ops", "input,conv1x1-bn-relu,maxpool,output");
        assertEquals(H2, JSON.readTree(json.out()).get("hash").asText(), json.err());

        CliRun none = run("nb101", "info", "--data", data(), "--benchmark", bench.toString(), "--matrix", "0,1;0,0", "--ops", "input,output");
        assertEquals(0, none.code(), none.err());
        JsonNode n = JSON.readTree(none.out());
        assertEquals(GraphHash.of(CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output")), n.get("hash").asText());
        assertEquals(ParameterCount.paperNetwork(CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output")), n.get("parameters").get("count").asLong());
        assertTrue(n.get("benchmark").get("epochs").isNull());

        CliRun bad = run("nb101", "info", "--data", data(), "--benchmark", bench.toString(), "--matrix", "0,1;1,0", "--ops", "input,output");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("upper triangular"), bad.err());
    }

    @Test
    void infoUsageErrors() {
        CliRun neither = run("nb101", "info", "--data", data());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("Give either --hash or --matrix with --ops"), neither.err());
        CliRun half = run("nb101", "info", "--data", data(), "--matrix", "0,1;0,0");
        assertEquals(2, half.code());
        assertTrue(half.err().contains("--matrix and --ops go together"), half.err());
        CliRun noData = run("nb101", "info", "--data", data(), "--hash", H1);
        assertEquals(1, noData.code());
        assertTrue(noData.err().contains("no benchmark records at") && noData.err().contains("nb101-20k.json"), noData.err());
        CliRun help = run("nb101", "--help");
        assertTrue(help.out().contains("info") && help.out().contains("check-params"), help.out());
    }

    @Test
    void checkParamsCountsMatchesMismatchesAndUncheckedCells() throws IOException {
        long[] p = {ParameterCount.paperNetwork(CHAIN), ParameterCount.paperNetwork(BRANCH) + 1, ParameterCount.paperNetwork(WIDE)};
        Path withGraphs = jsonFile("g.json", List.of(H1, H2, H3), List.of(CHAIN, BRANCH, WIDE), p);
        CliRun r = run("nb101", "check-params", "--data", data(), withGraphs.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("2 of 3 parameter counts match"), r.out());
        assertTrue(r.out().contains("mismatches:\n  " + H2 + ": benchmark " + p[1] + ", network " + (p[1] - 1)), r.out());
        assertTrue(r.err().contains("check-params: 3/3 cells (3 checked, 1 mismatches)"), r.err());

        Path noGraphs = jsonFile("n.json", List.of(H1, H2, H3), null, new long[] {p[0], p[1] - 1, p[2]});
        Path graphs = jsonFile("graphs.json", List.of(H1, H2), List.of(CHAIN, BRANCH), new long[] {p[0], p[1] - 1});
        CliRun partial = run("nb101", "check-params", "--data", data(), noGraphs.toString(), "--graphs", graphs.toString());
        assertEquals(0, partial.code(), partial.out() + partial.err());
        assertTrue(partial.out().contains("2 of 2 parameter counts match"), partial.out());
        assertTrue(partial.out().contains("1 of 3 cells had no known graph and were not checked"), partial.out());
        assertFalse(partial.out().contains("mismatches"), partial.out());

        CliRun nothing = run("nb101", "check-params", "--data", data(), noGraphs.toString());
        assertEquals(1, nothing.code());
        assertTrue(nothing.out().contains("0 of 0 parameter counts match"), nothing.out());
        assertTrue(nothing.err().contains("no cell could be checked"), nothing.err());

        CliRun official = run("nb101", "check-params", "--data", data(), tfrecord("t.tfrecord").toString());
        assertEquals(0, official.code(), official.out() + official.err());
        assertTrue(official.out().contains("2 of 2 parameter counts match"), official.out());
    }

    @Test
    void checkParamsOnTheSharedThousandCells() {
        Path file = Path.of("../../shared/data/nasbench101/nb101-1k.json");
        assumeTrue(Files.exists(file), "no " + file.toAbsolutePath() + "; skipped");
        CliRun r = run("nb101", "check-params", "--data", data(), file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1000 of 1000 parameter counts match"), r.out());
        CliRun info = run("nb101", "info", "--data", data(), "--benchmark", file.toString(), "--hash", "00005c142e6f48ac74fdcf73e3439874");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\"count\" : 8555530"), info.out());
    }
}
