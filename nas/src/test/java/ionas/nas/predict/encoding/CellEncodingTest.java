package ionas.nas.predict.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellEncodingTest {
    private static final String CONV3 = "conv3x3-bn-relu", CONV1 = "conv1x1-bn-relu", POOL = "maxpool3x3";

    // input -> conv3x3 -> maxpool -> output, plus input -> output and conv3x3 -> output
    private static final CellSpec FOUR = CellSpec.of(new int[][] {
        {0, 1, 0, 1},
        {0, 0, 1, 1},
        {0, 0, 0, 1},
        {0, 0, 0, 0}}, "input", CONV3, POOL, "output");

    private static int[] ones(double[] f) {
        return IntStream.range(0, f.length).filter(i -> f[i] != 0).toArray();
    }

    @Test
    void pathEncodingSetsOneIndexPerOpSequence() {
        // paths: [] -> 0; [conv3x3] -> 3^0 (0+1) = 1; [conv3x3, maxpool] -> 1 + 3 (2+1) = 10
        double[] f = PathEncoding.features(FOUR);
        assertEquals(PathEncoding.FEATURES, f.length);
        assertArrayEquals(new int[] {0, 1, 10}, ones(f));
    }

    @Test
    void pathEncodingOfTwoBranchesWithTheSameOpsSetsTheIndexOnce() {
        // input -> conv1x1 (1) -> output and input -> conv1x1 (2) -> output: both [conv1x1], index 2
        CellSpec twin = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}}, "input", CONV1, CONV1, "output");
        assertArrayEquals(new int[] {2}, ones(PathEncoding.features(twin)));
    }

    @Test
    void theLongestPathHasTheLastIndex() {
        int[][] chain = new int[7][7];
        for (int i = 0; i < 6; i++) chain[i][i + 1] = 1;
        CellSpec five = CellSpec.of(chain, "input", POOL, POOL, POOL, POOL, POOL, "output");
        assertArrayEquals(new int[] {3 * (1 + 3 + 9 + 27 + 81)}, ones(PathEncoding.features(five)));
        assertEquals(363, 3 * (1 + 3 + 9 + 27 + 81), "the 364 features are indices 0..363");
    }

    @Test
    void adjacencyPadsTheOutputToVertexSixAndOneHotsTheOps() {
        // upper triangle row by row: (0,1) = 0, (0,6) = 5, (1,2) = 6, (1,6) = 10, (2,6) = 14;
        // ops from 21: vertex 1 conv3x3 -> 21 + 0, vertex 2 maxpool -> 21 + 3 + 2
        double[] f = AdjacencyEncoding.features(FOUR);
        assertEquals(36, f.length);
        assertArrayEquals(new int[] {0, 5, 6, 10, 14, 21, 26}, ones(f));
    }

    @Test
    void graphEncodingsNameHowManyCellsTheyLackAndOne() {
        var enc = PathEncoding.of(Map.of("aaa", FOUR)::get, "the test graphs");
        assertEquals(1, enc.encode(List.of("aaa")).length);
        var e = assertThrows(IllegalArgumentException.class, () -> enc.encode(List.of("aaa", "bbb", "ccc")));
        assertEquals("2 of 3 cells are missing from the test graphs (e.g. bbb)", e.getMessage());
    }

    @Test
    void zeroCostLogsCountsAndSignedLogsTheRest(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("proxies.csv");
        double e1 = Math.E - 1;
        Files.writeString(csv, "hash,params,flops,grad_norm,snip,grasp,fisher,synflow,jacob_cov,nwot,seconds\n"
                + "h1,1000,1e6," + e1 + ",0,-" + e1 + ",nan,1e30,-0.5,2,3.5\n");
        ZeroCostEncoding zc = ZeroCostEncoding.read(csv);
        double[] v = zc.encode(List.of("h1"))[0];
        assertEquals(Math.log(1000), v[0], 1e-12);
        assertEquals(Math.log(1e6), v[1], 1e-12);
        assertEquals(1, v[2], 1e-12);
        assertEquals(0, v[3]);
        assertEquals(-1, v[4], 1e-12);
        assertTrue(Double.isNaN(v[5]), "a failed proxy stays missing");
        assertEquals(Math.log1p(1e30), v[6], 1e-9);
        assertEquals(-Math.log(1.5), v[7], 1e-12);
        assertEquals(9, v.length, "seconds is not a feature");
        assertTrue(zc.standardisedOnTraining());
        var missing = assertThrows(IllegalArgumentException.class, () -> zc.encode(List.of("h1", "h2")));
        assertTrue(missing.getMessage().startsWith("1 of 2 cells are missing from " + csv), missing.getMessage());
    }

    @Test
    void zeroCostNamesWhatTheHeaderLacks(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("proxies.csv");
        Files.writeString(csv, "hash,params,flops\nh1,1,2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ZeroCostEncoding.read(csv));
        assertTrue(e.getMessage().contains("[grad_norm, snip, grasp, fisher, synflow, jacob_cov, nwot]"), e.getMessage());
    }

    @Test
    void concatenationJoinsRowsAndIsStandardisedWhenAPartIs(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("proxies.csv");
        Files.writeString(csv, "hash,params,flops,grad_norm,snip,grasp,fisher,synflow,jacob_cov,nwot,seconds\nh1,1,1,0,0,0,0,0,0,0,1\n");
        var adj = AdjacencyEncoding.of(Map.of("h1", FOUR)::get, "graphs");
        var both = new ConcatenatedEncoding(adj, ZeroCostEncoding.read(csv));
        double[] row = both.encode(List.of("h1"))[0];
        assertEquals("adjacency+zero-cost", both.name());
        assertEquals(36 + 9, row.length);
        assertArrayEquals(AdjacencyEncoding.features(FOUR), java.util.Arrays.copyOf(row, 36));
        assertTrue(both.standardisedOnTraining());
    }
}
