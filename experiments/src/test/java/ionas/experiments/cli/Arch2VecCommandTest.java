package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb201.Nb201Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Arch2VecCommandTest {
    @TempDir
    Path dir;

    @Test
    void theCeilingEndsWithTheShareOfUndecodableCells() throws IOException {
        Path file = dir.resolve("a2v/ceiling.json");
        CliRun run = CliRun.of("arch2vec", "ceiling", "--max-vertices", "5", "--out", file.toString());
        assertEquals(0, run.code(), run.err());
        String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        // cells of at most 5 vertices: 2,532; undecodable ones have two non-adjacent twins (say, two convs side by side)
        assertTrue(last.matches("[1-9][0-9]* of 2532 cells cannot be decoded identically \\([0-9]+\\.[0-9]{2}%\\)"), last);
        assertTrue(run.out().contains("adjacency accuracy ceiling"), run.out());
        var json = new ObjectMapper().readTree(file.toFile());
        assertEquals(2532, json.path("all").path("cells").asInt());
        assertTrue(last.startsWith(json.path("all").path("undecodable").asInt() + " of"), last);
        assertEquals(2532 - (int) (0.9 * 2532), json.path("heldOut").path("cells").asInt());
    }

    @Test
    void trainsWithALimitResumesAndEmbeds() throws IOException {
        Path out = dir.resolve("a2v");
        CliRun first = CliRun.of("arch2vec", "train", "--max-vertices", "4", "--epochs", "2", "--until-epoch", "1", "--limit", "40",
                "--samples", "50", "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("--limit 40"), first.out());
        assertTrue(first.out().contains("validity 44.97%"), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.trim().startsWith("1 ")), first.out());
        assertTrue(Files.exists(out.resolve("checkpoint.safetensors")));
        // stderr is no terminal here, so progress comes as plain lines: the epoch's batches (40 cells, 32 a batch)
        assertTrue(first.err().lines().anyMatch(l -> l.startsWith("arch2vec epoch 1/2: 2 batches in 0:0")), first.err());

        CliRun rest = CliRun.of("arch2vec", "train", "--max-vertices", "4", "--epochs", "2", "--limit", "40", "--samples", "50",
                "--out", out.toString());
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.out().contains("resumed"), rest.out());
        assertTrue(rest.out().contains("regime code, encoder arch2vec, decoder arch2vec, after epoch 2"), rest.out());
        var metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("code", metrics.path("regime").asText(), "the default is the released script's regime, and the metrics say so");
        assertEquals(2, metrics.path("epochs").size());
        assertTrue(metrics.path("completed").asBoolean());

        Path emb = dir.resolve("emb.safetensors");
        CliRun embed = CliRun.of("arch2vec", "embed", "--max-vertices", "4", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--out", emb.toString());
        assertEquals(0, embed.code(), embed.err());
        Arch2VecEmbeddings e = Arch2VecEmbeddings.read(emb);
        SearchSpace space = SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE);
        assertEquals(space.hashes(), e.hashes());
        assertEquals(16, e.dim());
        assertTrue(embed.out().contains(space.size() + " embeddings"), embed.out());
        assertTrue(embed.err().lines().anyMatch(l -> l.startsWith("embeddings of arch2vec after epoch 2: 91 cells in 0:0")), embed.err());
        assertEquals(91, space.size());

        CliRun quiet = CliRun.of("arch2vec", "embed", "--max-vertices", "4", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--out", emb.toString(), "--progress", "off");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err());

        // --benchmark: only the cells with records (every third one here), in the space's order, each the whole space's row
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < space.size(); i += 3) recorded.add(space.hash(i));
        Path bench = dir.resolve("bench.json");
        Files.writeString(bench, "{\"key\": [" + String.join(",", recorded.stream().map(h -> '"' + h + '"').toList())
                + "], \"108_final_validation_accuracy\": [" + String.join(",", Collections.nCopies(recorded.size(), "0.9"))
                + "], \"final_training_time\": [" + String.join(",", Collections.nCopies(recorded.size(), "1000"))
                + "], \"trainable_parameters\": [" + String.join(",", Collections.nCopies(recorded.size(), "1000")) + "]}");
        Path some = dir.resolve("some.safetensors");
        CliRun only = CliRun.of("arch2vec", "embed", "--max-vertices", "4", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--benchmark", bench.toString(), "--out", some.toString());
        assertEquals(0, only.code(), only.err());
        Arch2VecEmbeddings s = Arch2VecEmbeddings.read(some);
        assertEquals(recorded, s.hashes());
        for (int k = 0; k < recorded.size(); k++) assertArrayEquals(e.get(3 * k), s.get(k), 1e-6f, recorded.get(k));

        CliRun none = CliRun.of("arch2vec", "embed", "--max-vertices", "4", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--benchmark", dir.resolve("missing.json").toString(), "--out", some.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no benchmark records at " + dir.resolve("missing.json")), none.err());
    }

    @Test
    void aRunThatKeepsItsBestEpochSaysWhichAndEmbedsIt() throws IOException {
        Path out = dir.resolve("a2v");
        CliRun train = CliRun.of("arch2vec", "train", "--max-vertices", "4", "--epochs", "2", "--limit", "40", "--samples", "50", "--keep", "best",
                "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        // 40 training cells, of which a tenth are the validation slice; the held-out cells are not touched
        assertTrue(train.out().contains("(36 train, 4 validation, 10 held out, --limit 40)"), train.out());
        var metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        int kept = metrics.path("kept_epoch").asInt();
        assertTrue(kept == 1 || kept == 2, "kept epoch " + kept);
        assertEquals("best", metrics.path("keep").asText());
        assertEquals(4, metrics.path("validationCells").asInt());
        assertTrue(train.out().contains("kept epoch " + kept + " of 2 (--keep best: highest identical decoding on the 4 validation cells"), train.out());

        CliRun embed = CliRun.of("arch2vec", "embed", "--max-vertices", "4", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--out", dir.resolve("emb.safetensors").toString());
        assertEquals(0, embed.code(), embed.err());
        assertTrue(embed.out().contains("was trained with --keep best: embedding its kept model, " + out.resolve("best.safetensors")), embed.out());
        assertTrue(embed.out().contains("(model after epoch " + kept + ","), embed.out());
    }

    @Test
    void anUnknownKeepRuleIsAUsageErrorNamingTheChoices() {
        CliRun r = CliRun.of("arch2vec", "train", "--keep", "first", "--out", dir.resolve("never").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown rule for the kept epoch 'first': expected last or best"), r.err());
        assertTrue(Files.notExists(dir.resolve("never")), "nothing is written for a bad option");
    }

    @Test
    void anUnknownEncoderIsAUsageErrorNamingTheChoices() {
        CliRun r = CliRun.of("arch2vec", "train", "--encoder", "tie", "--out", dir.resolve("never").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown arch2vec encoder 'tie': expected arch2vec, positional or ties"), r.err());
        assertTrue(Files.notExists(dir.resolve("never")), "nothing is written for a bad option");
    }

    @Test
    void groupWithoutActionIsAUsageError() {
        CliRun r = CliRun.of("arch2vec");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("train") && r.err().contains("embed"), r.err());
    }

    /** A NAS-Bench-201 records file in the data folder's layout: 40 cells, the benchmark's index running backwards through our order. */
    private Path nb201Data() throws IOException {
        Path data = dir.resolve("data");
        Path f = data.resolve("nasbench201/nb201-val.json");
        Files.createDirectories(f.getParent());
        StringBuilder json = new StringBuilder("{\"source\": \"40 cells\", \"cells\": [");
        for (int i = 0; i < 40; i++) {
            json.append(i == 0 ? "" : ",").append("{\"index\": ").append(39 - i).append(", \"arch\": \"").append(Nb201Cell.ofOrdinal(i * 7))
                    .append("\", \"val_acc\": {\"cifar10\": ").append(50 + i).append(", \"cifar100\": 30, \"ImageNet16-120\": 20}}");
        }
        Files.writeString(f, json.append("]}"));
        return data;
    }

    @Test
    void trainsAndEmbedsNasBench201InTheBenchmarksIndexOrder() throws IOException {
        Path data = nb201Data(), out = dir.resolve("a2v201");
        CliRun train = CliRun.of("--data", data.toString(), "arch2vec", "train", "--space", "nb201", "--epochs", "1", "--samples", "30",
                "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("arch2vec on NAS-Bench-201: 40 cells (36 train, 4 held out), graphs of 8 vertices and 7 labels"), train.out());
        assertTrue(train.out().contains("seed=3"), train.out());
        assertTrue(train.out().contains("validity 79.41%"), train.out());
        assertTrue(train.out().contains("counted as arch2vec's script does, by the graph hash of the decoded adjacency and labels"), train.out());
        Path file = dir.resolve("e201.safetensors");
        CliRun embed = CliRun.of("--data", data.toString(), "arch2vec", "embed", "--space", "nb201", "--checkpoint",
                out.resolve("checkpoint.safetensors").toString(), "--out", file.toString());
        assertEquals(0, embed.code(), embed.err());
        Arch2VecEmbeddings e = Arch2VecEmbeddings.read(file);
        assertEquals(40, e.size());
        for (int k = 0; k < 40; k++) assertEquals(Nb201Cell.ofOrdinal((39 - k) * 7).toString(), e.hashes().get(k), "row " + k + " is index " + k);
        // an NB201 checkpoint cannot embed NAS-Bench-101's cells
        CliRun wrong = CliRun.of("arch2vec", "embed", "--max-vertices", "3", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--out", dir.resolve("x.safetensors").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("was trained on graphs of 8x7 (vertices x labels), NAS-Bench-101's are 7x5"), wrong.err());
    }

    @Test
    void anUnknownSpaceIsAUsageErrorNamingIt() {
        for (String command : new String[] {"train", "embed"}) {
            CliRun run = CliRun.of("arch2vec", command, "--space", "nb301");
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("unknown --space 'nb301': expected nb101 or nb201"), run.err());
        }
    }
}
