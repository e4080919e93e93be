package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.Network;
import ionas.nas.proxies.ProxyRow;
import ionas.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ionas proxies} on three made-up cells (stem 4, batch 3): rows, resume, shards, errors, and {@code correlate}. */
class ProxiesCommandTest {
    static final String[] HASHES = {"0a000000000000000000000000000001", "0b000000000000000000000000000002", "0c000000000000000000000000000003"};
    static final int[][][] ADJACENCY = {
        {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}},
        {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}},
        {{0, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}}};
    static final int[][] OPS = {{-1, 0, -2}, {-1, 1, 2, -2}, {-1, 0, 2, -2}};
    static final String[] OP_NAMES = {"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"};

    @TempDir
    static Path dir;
    static Path data, records;

    @BeforeAll
    static void writeData() throws IOException {
        data = dir.resolve("data");
        Path cifar = Files.createDirectories(data.resolve("cifar-10-batches-bin"));
        Random r = new Random(3);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[10 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 10; i++) b[i * 3073] = (byte) (i % 10);
            Files.write(cifar.resolve(name + ".bin"), b);
        }
        records = dir.resolve("records.json");
        Files.writeString(records, "{\"key\": [" + quoted(HASHES) + "], \"108_final_validation_accuracy\": [0.9, 0.8, 0.85],"
                + " \"final_training_time\": [1, 1, 1], \"trainable_parameters\": [1, 1, 1],"
                + " \"adjacency\": " + Arrays.deepToString(ADJACENCY) + ", \"operations\": " + Arrays.deepToString(OPS) + "}");
    }

    private static String quoted(String[] s) {
        return String.join(",", Arrays.stream(s).map(h -> "\"" + h + "\"").toList());
    }

    private static CliRun proxies(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("proxies", "--data", data.toString(), "--cifar-any-size", "--progress", "off",
                "--benchmark", records.toString(), "--out", out.toString(), "--stem", "4", "--batch", "3"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<String> lines(Path out) throws IOException {
        return Files.readAllLines(out.resolve("proxies.csv"));
    }

    private static CellSpec cell(int i) {
        int[][] a = ADJACENCY[i];
        String[] ops = new String[a.length];
        for (int v = 0; v < a.length; v++) ops[v] = OPS[i][v] == -1 ? "input" : OPS[i][v] == -2 ? "output" : OP_NAMES[OPS[i][v]];
        return CellSpec.of(a, ops);
    }

    @Test
    void scoresEveryCellWithEveryProxyAndResumesAfterATornLine() throws IOException {
        Path out = dir.resolve("all");
        CliRun run = proxies(out);
        assertEquals(0, run.code(), run.err());
        List<String> lines = lines(out);
        assertEquals("hash,params,flops,grad_norm,snip,grasp,fisher,synflow,jacob_cov,nwot,seconds", lines.get(0));
        assertEquals(4, lines.size());
        for (int i = 0; i < 3; i++) {
            ProxyRow row = ProxyRow.parse(lines.get(i + 1), "row " + i);
            assertEquals(HASHES[i], row.hash());
            for (double s : row.scores()) assertTrue(Double.isFinite(s), lines.get(i + 1));
            assertEquals(new Network(cell(i), 4, 3, 3, 10, new Generator(0)).parameterCount(), row.score("params"), lines.get(i + 1));
        }

        // a run killed while writing the third row: the torn line is dropped and that cell scored again, the same
        Files.writeString(out.resolve("proxies.csv"), String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 20));
        CliRun again = proxies(out);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("1 cells scored now, 2 already there"), again.out());
        List<String> resumed = lines(out);
        assertEquals(lines.subList(0, 3), resumed.subList(0, 3));
        ProxyRow before = ProxyRow.parse(lines.get(3), "before"), after = ProxyRow.parse(resumed.get(3), "after");
        assertEquals(before.hash(), after.hash());
        assertTrue(Arrays.equals(before.scores(), after.scores()), "the same seed gives the same scores: " + lines.get(3) + " vs " + resumed.get(3));

        CliRun nothing = proxies(out);
        assertTrue(nothing.out().contains("0 cells scored now, 3 already there"), nothing.out());

        CliRun corr = CliRun.of("proxies", "correlate", "--data", data.toString(), "--proxies-csv", out.resolve("proxies.csv").toString(),
                "--benchmark", records.toString());
        assertEquals(0, corr.code(), corr.err());
        List<String> table = Files.readAllLines(out.resolve("correlations.csv"));
        assertEquals(10, table.size(), "a header and the 9 proxies");
        assertTrue(table.get(1).startsWith("params,3,"), table.get(1));
        assertTrue(Files.readString(out.resolve("correlations.md")).contains("| grasp | 3 |"));

        CliRun self = CliRun.of("proxies", "correlate", "--data", data.toString(), "--proxies-csv", out.resolve("proxies.csv").toString(),
                "--against", out.resolve("proxies.csv").toString(), "--benchmark", records.toString(), "--out", dir.resolve("self").toString());
        assertEquals(0, self.code(), self.err());
        List<String> agreement = Files.readAllLines(dir.resolve("self").resolve("agreement.csv"));
        assertEquals("grad_norm,3,1.0,1.0,1.0,1.0,1.0,1.0", agreement.get(3), "a run agrees with itself");
    }

    @Test
    void aShardTakesEveryNthCellAndUnaskedProxiesStayEmpty() throws IOException {
        Path out = dir.resolve("shard");
        CliRun run = proxies(out, "--shard", "1/2", "--proxies", "snip,params");
        assertEquals(0, run.code(), run.err());
        List<String> lines = lines(out);
        assertEquals(2, lines.size());
        String[] f = lines.get(1).split(",", -1);
        assertEquals(HASHES[1], f[0]);
        assertFalse(f[1].isEmpty());
        assertTrue(f[2].isEmpty() && f[3].isEmpty() && f[5].isEmpty() && f[9].isEmpty(), lines.get(1));
        assertFalse(f[4].isEmpty(), "snip");
    }

    @Test
    void badInputGivesClearErrors() {
        CliRun unknown = proxies(dir.resolve("e1"), "--proxies", "snip,zen");
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("unknown proxy 'zen'"), unknown.err());
        CliRun shard = proxies(dir.resolve("e2"), "--shard", "2/2");
        assertNotEquals(0, shard.code());
        assertTrue(shard.err().contains("0 <= i < n"), shard.err());
        CliRun missing = CliRun.of("proxies", "--data", data.toString(), "--benchmark", dir.resolve("nope.json").toString(), "--out", dir.resolve("e3").toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("no benchmark file"), missing.err());
        CliRun noCsv = CliRun.of("proxies", "correlate", "--data", data.toString(), "--proxies-csv", dir.resolve("none.csv").toString(), "--benchmark", records.toString());
        assertNotEquals(0, noCsv.code());
        assertTrue(noCsv.err().contains("no proxies file"), noCsv.err());
    }
}
