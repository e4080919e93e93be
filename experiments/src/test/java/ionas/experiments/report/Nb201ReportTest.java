package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step sections of the NAS-Bench-201 report on a made-up run folder: the pretrained networks
 * beside the records' accuracy of their cells, the extended model after each embedded epoch against
 * its baseline, and steps that have not run.
 */
class Nb201ReportTest {
    /** Two cells of the made-up records and a third the run did not train; val_acc in percent, as the records hold it. */
    private static final String CELL_A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
            CELL_B = "|avg_pool_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2|",
            CELL_C = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    @TempDir
    Path tmp;

    private Path records() throws IOException {
        Path file = tmp.resolve("nb201-val.json");
        Files.writeString(file, """
                {"cells": [
                  {"index": 0, "arch": "%s", "val_acc": {"cifar10": 90.0, "cifar100": 70.0, "ImageNet16-120": 40.0}},
                  {"index": 1, "arch": "%s", "val_acc": {"cifar10": 60.0, "cifar100": 30.0, "ImageNet16-120": 20.0}},
                  {"index": 2, "arch": "%s", "val_acc": {"cifar10": 10.0, "cifar100": 1.0, "ImageNet16-120": 1.0}}]}
                """.formatted(CELL_A, CELL_B, CELL_C));
        return file;
    }

    private RunSettings settings(List<Setting> preset) throws IOException {
        return new RunSettings("tiny", preset, tmp, records(), "test", List.of(), Map.of());
    }

    private static final Setting EMBEDDED_1_2 = new Setting(RunSettings.EMBED_EPOCHS, "embedded after", "1, 2");

    /** Pretraining, arch2vec and the extended model of two epochs; no search or prediction. */
    private Path run() throws IOException {
        Path run = tmp.resolve("run");
        network(run, "train", "cell00000", CELL_A, 0.55, 0.56);
        network(run, "validation", "cell00001", CELL_B, 0.35, 0.34);
        FakeRun.ioDataset(run);
        FakeRun.arch2vec(run, 3);
        write(run.resolve("io-model/metrics.json"), """
                {"config": {"epochs": 2}, "networks": 2, "completed": true,
                 "epochs": [%s, %s]}
                """.formatted(ioEpoch(1, 0.90), ioEpoch(2, 0.50)));
        return run;
    }

    @Test
    void pretrainedNetworksStandBesideTheRecordsAccuracyOfTheirCells() throws IOException {
        ReportWriter.Report r = ReportWriter.writeNb201(run(), tmp.resolve("report"), settings(List.of(EMBEDDED_1_2)));
        JsonNode h = headline(r, "nb201.pretrain.test_accuracy");
        assertEquals((0.56 + 0.34) / 2, h.at("/ours/value").asDouble(), 1e-12);
        assertEquals("ci95", h.at("/ours/interval").asText());
        assertEquals((0.90 + 0.60) / 2, h.at("/extras/benchmark_validation_accuracy").asDouble(), 1e-12, "cell C was not trained");
        assertEquals(1.0, h.at("/extras/spearman_rho_vs_benchmark").asDouble(), 1e-12, "the run ranks A above B, as the records do");
        assertEquals("not comparable", h.get("verdict").asText());
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("| train | cell00000 | " + CELL_A.replace("|", "\\|") + " | yes | 55.00% | 56.00% | 90.00% |"), md);
        assertFalse(md.contains("10.00%"), "the untrained cell's accuracy is nowhere");
    }

    @Test
    void theExtendedModelIsJudgedAgainstItsBaselineAfterEachEmbeddedEpoch() throws IOException {
        ReportWriter.Report r = ReportWriter.writeNb201(run(), tmp.resolve("report"), settings(List.of(EMBEDDED_1_2)));
        JsonNode first = headline(r, "nb201.io_model.epoch1.test_unseen_images.labeled_l1"),
                last = headline(r, "nb201.io_model.epoch2.test_unseen_images.labeled_l1");
        assertEquals(0.90, first.at("/ours/value").asDouble(), 1e-12);
        assertEquals("inconclusive", first.get("verdict").asText(), "epoch 1 overlaps its baseline");
        assertEquals("detail", first.get("shown").asText(), "earlier epochs only in summary.json");
        assertEquals(0.50, last.at("/ours/value").asDouble(), 1e-12);
        assertEquals(0.90, last.at("/baseline/value").asDouble(), 1e-12);
        assertEquals("matches", last.get("verdict").asText(), "below the baseline with disjoint intervals, as the paper found on NAS-Bench-101");
        assertEquals("terminal", last.get("shown").asText());
        assertTrue(last.get("published").isNull(), "no published figure for NAS-Bench-201");
        assertEquals(0.875, headline(r, "nb201.arch2vec.reconstruction").at("/ours/value").asDouble(), 1e-12, "arch2vec's last epoch");
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("after epoch 1 of 2 (embedded)") && md.contains("after epoch 2 of 2 (embedded)"), md);
        assertTrue(md.contains("KL divided by B*8"), "arch2vec's code divides by NAS-Bench-201's 8 vertices: " + md);
    }

    @Test
    void arch2vecStandsBesideItsPublishedNb201Row() throws IOException {
        ReportWriter.Report r = ReportWriter.writeNb201(run(), tmp.resolve("report"), settings(List.of()));
        JsonNode validity = headline(r, "nb201.arch2vec.validity"), uniqueness = headline(r, "nb201.arch2vec.uniqueness");
        assertEquals(0.4321, validity.at("/ours/value").asDouble(), 1e-12);
        assertEquals(0.7941, validity.at("/published/value").asDouble(), 1e-12, "arch2vec's Table 1, NAS-Bench-201 row");
        assertEquals("not comparable", validity.get("verdict").asText(), "3 of 8 epochs on 2,000 cells is not arch2vec's training");
        assertTrue(validity.get("why").asText().contains("10 epochs on all 14,062"), validity.toString());
        assertEquals(0.9654, uniqueness.at("/ours/value").asDouble(), 1e-12, "counted by graph hash, as arch2vec's figure is");
        assertEquals(0.9872, uniqueness.at("/published/value").asDouble(), 1e-12);
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("| validity of decoded samples | 43.21% | 79.41% |"), md);
        assertTrue(md.contains("| uniqueness of valid samples, distinct cells | 98.76% | — |"), md);
        assertTrue(md.contains("| uniqueness of valid samples, by graph hash (arch2vec's count) | 96.54% | 98.72% |"), md);
    }

    @Test
    void withoutTheEmbeddedEpochsTheLastOneIsShown() throws IOException {
        ReportWriter.Report r = ReportWriter.writeNb201(run(), tmp.resolve("report"), settings(List.of()));
        JsonNode headlines = RunFiles.JSON.readTree(r.summaryJson().toFile()).get("headlines");
        assertTrue(headlines.has("nb201.io_model.epoch2.train.labeled_l1"));
        assertFalse(headlines.has("nb201.io_model.epoch1.train.labeled_l1"));
        assertTrue(Files.readString(r.markdown()).contains("after epoch 2 of 2 (the last recorded)"));
    }

    @Test
    void theGlanceSaysThereIsNothingPublishedToMatch() throws IOException {
        String md = Files.readString(ReportWriter.writeNb201(run(), tmp.resolve("report"), settings(List.of())).markdown());
        assertTrue(md.contains("Apart from arch2vec's pretraining (its Table 1 has a row for this space), nothing comparable is published"), md);
        assertFalse(md.contains("not expected to equal the published ones"), "NAS-Bench-101's preset note has no place here: " + md);
    }

    @Test
    void stepsThatHaveNotRunAreSaidSo() throws IOException {
        Path run = tmp.resolve("run");
        network(run, "train", "cell00000", CELL_A, 0.55, 0.56);
        ReportWriter.Report r = ReportWriter.writeNb201(run, tmp.resolve("report"), settings(List.of()));
        assertEquals(List.of("io-dataset", "arch2vec", "io-model", "search", "predict"), r.missing());
        assertTrue(Files.readString(r.markdown()).contains("Not run: io-model/metrics.json (with at least one epoch) is missing"));
    }

    private static JsonNode headline(ReportWriter.Report r, String id) throws IOException {
        JsonNode h = RunFiles.JSON.readTree(r.summaryJson().toFile()).get("headlines").get(id);
        assertTrue(h != null, "summary.json has " + id);
        return h;
    }

    private static void network(Path run, String role, String name, String arch, double valid, double test) throws IOException {
        write(run.resolve("pretrain").resolve(role).resolve(name).resolve("metrics.json"), """
                {"name": "%s/%s", "space": "NAS-Bench-201", "key": "%s", "arch": "%s",
                 "config": {"epochs": 1, "batchSize": 64, "stemChannels": 16},
                 "epochs": [{"epoch": 1, "validationAccuracy": %s, "seconds": 10}], "test_accuracy": %s, "completed": true}
                """.formatted(role, name, arch, arch, valid, test));
    }

    /** An epoch whose every set has the loss {@code loss} (interval ± 0.01) against a baseline of 0.90 (± 0.01). */
    private static String ioEpoch(int epoch, double loss) {
        StringBuilder sets = new StringBuilder();
        for (String set : List.of("train", "valid_unseen_networks", "valid_unseen_images", "test_unseen_images", "test_unseen_both"))
            sets.append(sets.isEmpty() ? "" : ",").append("""
                    {"set": "%s", "examples": 100, "loss": {"mean": %s, "lower": %s, "upper": %s},
                     "baseline": {"mean": 0.9, "lower": 0.89, "upper": 0.91}}""".formatted(set, loss, loss - 0.01, loss + 0.01));
        return """
                {"epoch": %d, "sets": [%s], "model": {"identical": 0.5}, "reference": {"identical": 0.4}, "seconds": 1}""".formatted(epoch, sets);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
