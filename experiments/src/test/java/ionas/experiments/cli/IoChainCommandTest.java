package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb201.Nb201Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's chain from the command line: pretrained networks -> IO dataset (sharded) -> extended model (resumed), with figures. */
class IoChainCommandTest {
    @TempDir
    Path dir;

    /** CIFAR-10 in the official layout, 20 images a batch (so 2 of the 100 training images are held out). */
    private Path fakeCifar() throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("data/cifar-10-batches-bin"));
        Random r = new Random(5);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[20 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 20; i++) b[i * 3073] = (byte) (i % 10);
            Files.write(cifar.resolve(name + ".bin"), b);
        }
        return dir.resolve("data");
    }

    /** Three training and two validation cells of the space of cells with at most 4 vertices, named as `pretrain --select` names them. */
    private Path cells(SearchSpace space) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < 5; k++) {
            int i = k * (space.size() / 5);
            var c = space.get(i);
            if (k > 0) sb.append(',');
            sb.append("{\"name\": \"").append(k < 3 ? "train/" : "validation/").append(space.hash(i)).append("\", \"matrix\": ")
                    .append(java.util.Arrays.deepToString(c.matrix())).append(", \"ops\": [");
            for (int v = 0; v < c.ops().size(); v++) sb.append(v > 0 ? "," : "").append('"').append(c.ops().get(v).label()).append('"');
            sb.append("]}");
        }
        Path f = dir.resolve("cells.json");
        Files.writeString(f, sb.append(']').toString());
        return f;
    }

    private CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return r;
    }

    /**
     * NAS-Bench-201 through the IO chain: the paper's choice of cells from its space, their networks
     * pretrained (folders named by the cells' ordinals, metrics naming the space and the
     * architecture string), the IO dataset built from them (its manifest names the space, and each
     * network's key and cell as NAS-Bench-201 writes them), and the extended model trained on it
     * for an epoch with NAS-Bench-201's cells as the unlabeled data.
     */
    @Test
    void nasBench201NetworksToIoDataset() throws IOException {
        String data = fakeCifar().toString();
        String pre = dir.resolve("pre201").toString(), io = dir.resolve("io201").toString();
        CliRun pretrain = ok("--data", data, "--cifar-any-size", "pretrain", "--space", "nb201", "--preset", "tiny", "--select", "2,1",
                "--out", pre, "--epochs", "1", "--stem", "4", "--stacks", "1", "--cells-per-stack", "1", "--train-images", "40", "--test-images", "20");
        assertTrue(pretrain.out().contains("3 trained, 0 already done"), pretrain.out());
        List<Path> folders;
        try (var s = Files.list(dir.resolve("pre201/train"))) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(2, folders.size());
        assertTrue(folders.get(0).getFileName().toString().matches("cell\\d{5}"), folders.toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var metrics = json.readTree(folders.get(0).resolve("metrics.json").toFile());
        assertEquals("NAS-Bench-201", metrics.get("space").asText());
        assertTrue(metrics.get("arch").asText().startsWith("|"), metrics.toString());

        CliRun build = ok("--data", data, "--cifar-any-size", "io-dataset", "build", "--pretrained", pre, "--out", io,
                "--seen-images", "2", "--unseen-images", "10");
        assertTrue(build.out().contains("IO dataset ready") && build.out().contains("3 networks"), build.out());
        var manifest = json.readTree(dir.resolve("io201/manifest.json").toFile());
        assertEquals("NAS-Bench-201", manifest.get("space").asText());
        assertEquals(2, manifest.get("version").asInt());
        var first = manifest.get("networks").get(0);
        assertEquals(folders.get(0).getFileName().toString(), first.get("name").asText());
        assertEquals(first.get("key").asText(), first.get("cell").get("arch").asText());
        assertTrue(first.get("key").asText().startsWith("|"), first.toString());

        CliRun model = ok("io-model", "train", "--io", io, "--out", dir.resolve("model201").toString(), "--preset", "tiny", "--epochs", "1",
                "--unlabeled-cells", "64");
        assertTrue(model.out().contains("NAS-Bench-201, 3 networks") && model.out().contains("io-model epoch 1:"), model.out());

        Path records = dir.resolve("nb201-val.json");
        Files.writeString(records, "{\"source\": \"two cells\", \"cells\": ["
                + "{\"index\": 0, \"arch\": \"" + Nb201Cell.ofOrdinal(3) + "\", \"val_acc\": {\"cifar10\": 80.5, \"cifar100\": 61, \"ImageNet16-120\": 20}},"
                + "{\"index\": 1, \"arch\": \"" + Nb201Cell.ofOrdinal(9) + "\", \"val_acc\": {\"cifar10\": 70, \"cifar100\": 62.5, \"ImageNet16-120\": 21.25}}]}");
        for (String kind : new String[] {"model", "io"}) {
            CliRun embed = ok("io-model", "embed", "--space", "nb201", "--run", dir.resolve("model201").toString(), "--epoch", "1",
                    "--kind", kind, "--benchmark", records.toString(), "--out", dir.resolve(kind + "-201.safetensors").toString());
            assertTrue(embed.out().startsWith("2 " + kind + " embeddings (epoch 1"), embed.out());
        }
    }

    @Test
    void pretrainedNetworksToIoDatasetToTrainedModelWithFigures() throws IOException {
        String data = fakeCifar().toString();
        SearchSpace space = SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE);
        String pre = dir.resolve("pre").toString(), io = dir.resolve("io").toString(), model = dir.resolve("model").toString();
        ok("--data", data, "--cifar-any-size", "pretrain", "--preset", "tiny", "--cells", cells(space).toString(), "--out", pre, "--epochs", "1", "--stem", "4",
                "--train-images", "40", "--test-images", "20");

        String[] build = {"--data", data, "--cifar-any-size", "io-dataset", "build", "--pretrained", pre, "--out", io, "--seen-images", "2", "--unseen-images", "10"};
        CliRun shard0 = ok(concat(build, "--shard", "0/2"));
        assertTrue(shard0.out().contains("ran 3 networks") && shard0.out().contains("3 of 5 networks"), shard0.out());
        CliRun shard1 = ok(concat(build, "--shard", "1/2"));
        assertTrue(shard1.out().contains("IO dataset ready") && shard1.out().contains("5 networks, 8 features"), shard1.out());

        CliRun info = ok("io-dataset", "info", "--dir", io);
        assertTrue(info.out().contains("test_unseen_both") && info.out().contains("3 train, 2 validation"), info.out());

        String[] train = {"io-model", "train", "--io", io, "--out", model, "--preset", "tiny", "--max-vertices", "4", "--unlabeled-cells", "64"};
        CliRun first = ok(concat(train, "--until-epoch", "1"));
        assertTrue(first.out().contains("io-model epoch 1:"), first.out());
        CliRun rest = ok(train);
        assertTrue(rest.out().contains("io-model epoch 2:") && !rest.out().contains("io-model epoch 1:"), "resumes after epoch 1: " + rest.out());
        assertTrue(rest.out().contains("baseline"), rest.out());
        for (String f : new String[] {"fig03-valid-unseen-networks.png", "fig04-valid-unseen-images.png", "fig05-ops-accuracy.png",
            "fig06-adjacency-accuracy.png", "fig11-train.png", "fig12-test-unseen-images.png", "fig13-test-unseen-both.png",
            "fig14-validity.png", "fig15-uniqueness.png", "io-model-losses.csv", "io-model-vae.csv"})
            assertTrue(Files.size(dir.resolve("model/figures").resolve(f)) > 0, f);
        // 2 epochs x 5 sets, plus the header
        assertEquals(11, Files.readAllLines(dir.resolve("model/figures/io-model-losses.csv")).size());
    }

    @Test
    void missingPretrainingIsNamed() {
        CliRun r = CliRun.of("io-dataset", "build", "--pretrained", dir.resolve("none").toString(), "--out", dir.resolve("io").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no pretrained networks"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
