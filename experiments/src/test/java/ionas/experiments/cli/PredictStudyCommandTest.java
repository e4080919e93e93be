package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.data.NasBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ionas predict study} on a toy table: shards, resume, the table and figure, clear errors. */
class PredictStudyCommandTest {
    @TempDir
    Path dir;

    private String[] args(String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("predict", "study", "--arch2vec", dir.resolve("toy.safetensors").toString(), "--benchmark",
                dir.resolve("bench.json").toString(), "--encodings", "arch2vec", "--regressors", "rf,gbt", "--sizes", "20,40", "--seeds", "2",
                "--out", dir.resolve("study").toString(), "--progress", "off"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void shardsResumeAndWriteTheTableAndFigure() throws Exception {
        ToyTable.write(dir);
        CliRun zero = CliRun.of(args("--shard", "0/2"));
        assertEquals(0, zero.code(), zero.out() + zero.err());
        assertTrue(zero.out().contains("4 fits now, 0 found done, 4 left to other shards"), zero.out());
        CliRun one = CliRun.of(args("--shard", "1/2"));
        assertTrue(one.out().contains("4 fits now, 0 found done, 4 left to other shards"), one.out());
        CliRun all = CliRun.of(args());
        assertTrue(all.out().contains("0 fits now, 8 found done, 0 left to other shards"), all.out());
        assertEquals(1 + 8, Files.readAllLines(dir.resolve("study/results.csv")).size(), "header + 2 regressors x 2 sizes x 2 seeds");
        assertEquals(1 + 4, Files.readAllLines(dir.resolve("study/table.csv")).size(), "header + 2 regressors x 2 sizes");
        assertTrue(Files.readString(dir.resolve("study/table.md")).contains("| arch2vec | gbt |"));
        assertTrue(Files.size(dir.resolve("study/fig-predictor-kendall.png")) > 0);
    }

    @Test
    void anEncodingWithoutItsFileIsNamedWithTheAvailableOnes() throws Exception {
        ToyTable.write(dir);
        CliRun r = CliRun.of("predict", "study", "--benchmark", dir.resolve("bench.json").toString(), "--encodings", "zero-cost",
                "--out", dir.resolve("study").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--encodings: 'zero-cost' is not available; with these options the encodings are [adjacency, path]"), r.err());
    }

    /** With --proxies every encoding is fitted and tested on the cells the proxies file scored, and the command says so. */
    @Test
    void proxiesOfSomeCellsRestrictEveryEncodingToThem() throws Exception {
        ToyTable.write(dir);
        List<String> hashes = NasBench.load(dir.resolve("bench.json")).hashes();
        int scored = 30;
        StringBuilder csv = new StringBuilder("hash,params,flops,grad_norm,snip,grasp,fisher,synflow,jacob_cov,nwot,seconds\n");
        for (int i = 0; i < scored; i++) // one cell in three, so the restriction is not a prefix
            csv.append(hashes.get(3 * i)).append(String.format(java.util.Locale.ROOT, ",%d,%d,%d.5,2,-1,3,4,5,%d,1%n", 1000 + i, 5000 + 7 * i, i % 5, i));
        Files.writeString(dir.resolve("proxies.csv"), csv);
        CliRun r = CliRun.of("predict", "study", "--arch2vec", dir.resolve("toy.safetensors").toString(), "--benchmark",
                dir.resolve("bench.json").toString(), "--proxies", dir.resolve("proxies.csv").toString(), "--encodings", "arch2vec,zero-cost",
                "--regressors", "rf", "--sizes", "10", "--seeds", "1", "--out", dir.resolve("zc").toString(), "--progress", "off");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "every encoding on the 30 of %,d cells scored in ", hashes.size())), r.out());
        List<String> rows = Files.readAllLines(dir.resolve("zc/results.csv"));
        assertEquals(3, rows.size(), "header + 2 encodings");
        for (String row : rows.subList(1, 3)) assertEquals("20", row.split(",")[4], "test cells: the 30 scored less the 10 trained on: " + row);
        assertTrue(Files.readString(dir.resolve("zc/table.md")).contains("**10 training cells, 20 test cells**"));
    }

    @Test
    void embeddingsLackingCellsSayHowManyAndWhich() throws Exception {
        ToyTable.write(dir);
        Arch2VecEmbeddings e = Arch2VecEmbeddings.read(dir.resolve("toy.safetensors"));
        int keep = e.size() - 3; // the last three cells; bench.json has cells 0, 2, 4, ...: at least one of them is dropped
        new Arch2VecEmbeddings(e.hashes().subList(0, keep), java.util.Arrays.copyOf(e.embeddings(), keep * e.dim()), e.dim())
                .write(dir.resolve("toy.safetensors"));
        CliRun r = CliRun.of(args());
        assertNotEquals(0, r.code());
        assertTrue(r.err().matches("(?s).*[12] of \\d+ cells are missing from .*toy.safetensors \\(e\\.g\\. [0-9a-f]{32}\\).*"), r.err());
    }
}
