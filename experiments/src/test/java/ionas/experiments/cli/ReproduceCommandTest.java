package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on made-up data: the tiny preset over the space of cells with at most 5
 * vertices, CIFAR-10 files of random images in the official layout, and benchmark records for those
 * cells. Every step runs, the report lists no missing step, and a second run skips everything.
 */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("data/cifar-10-batches-bin"));
        Random r = new Random(9);
        // 5 x 1,200 training images hold out 6,000 / 50 = 120, enough for the preset's 100 seen images
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[1200 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 1200; i++) b[i * 3073] = (byte) (i % 10);
            Files.write(cifar.resolve(name + ".bin"), b);
        }
        SearchSpace space = SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE);
        StringBuilder keys = new StringBuilder(), acc = new StringBuilder(), time = new StringBuilder(), params = new StringBuilder();
        for (int i = 0; i < space.size(); i++) {
            String sep = i == 0 ? "" : ",";
            keys.append(sep).append('"').append(space.hash(i)).append('"');
            acc.append(sep).append(0.85 + 0.1 * r.nextDouble());
            time.append(sep).append(1000 + r.nextInt(2000));
            params.append(sep).append(1000);
        }
        Path nb = Files.createDirectories(dir.resolve("data/nasbench101"));
        Files.writeString(nb.resolve("nb101-20k.json"), "{\"key\": [" + keys + "], \"108_final_validation_accuracy\": [" + acc
                + "], \"final_training_time\": [" + time + "], \"trainable_parameters\": [" + params + "]}");
        return dir.resolve("data");
    }

    @Test
    void tinyPresetRunsEveryStepWritesTheReportAndResumes() throws IOException {
        String[] args = {"--data", data().toString(), "--cifar-any-size", "reproduce", "--preset", "tiny", "--out", dir.resolve("run").toString(), "--report",
            dir.resolve("report").toString(), "--max-vertices", "5"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("== search on io-model-2ep: ionas --data"), first.out());
        for (String step : new String[] {"pretrain", "IO dataset", "arch2vec", "extended model"})
            assertTrue(first.out().lines().anyMatch(l -> l.startsWith("== " + step + ": ionas ") && l.contains(" --device cpu")),
                    "the " + step + " step is told the device: " + first.out());
        assertTrue(first.out().contains("reproduce --preset tiny done") && !first.out().contains("not run:"), first.out());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("<img"), "the report shows figures");
        // arch2vec's ceiling beside its identical decoding, and the latent-space figures of every embedding
        assertTrue(Files.isRegularFile(dir.resolve("run/arch2vec/ceiling.json")));
        assertTrue(html.contains("ceiling (any weights)"), "the ceiling column");
        for (String f : new String[] {"arch2vec-latent-distance.png", "arch2vec-latent-tsne-arch2vec-", "arch2vec-latent-pca-io-model-2ep.png"})
            assertTrue(html.contains(f), f);
        for (String step : new String[] {"pretrain", "io-dataset", "arch2vec", "io-model", "search", "predict"})
            assertTrue(Files.isDirectory(dir.resolve("run").resolve(step)), step);

        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 trained, 6 already done"), "pretraining is not repeated: " + again.out());
        assertTrue(again.out().contains("(0 now, 20 found done)"), "searches are not repeated: " + again.out());
    }
}
