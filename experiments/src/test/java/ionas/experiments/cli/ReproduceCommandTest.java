package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on made-up data: the tiny preset over the space of cells with at most 5
 * vertices, CIFAR-10 files of random images in the official layout, and benchmark records for those
 * cells (MadeUpData). One task of a pretraining job array runs first ({@code --step pretrain
 * --shard}), as a cluster chain starts; then every step runs, the report lists no missing step, and a
 * second run skips everything and lists the same commands.
 */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        return MadeUpData.write(dir.resolve("data"));
    }

    @Test
    void tinyPresetRunsEveryStepWritesTheReportAndResumes() throws IOException {
        String[] args = {"--data", data().toString(), "--cifar-any-size", "reproduce", "--preset", "tiny", "--out", dir.resolve("run").toString(), "--report",
            dir.resolve("report").toString(), "--max-vertices", Integer.toString(MadeUpData.MAX_VERTICES)};
        // one task of a pretraining job array first, as a cluster chain runs it: its 2 of the 6 networks and nothing else
        CliRun shard = CliRun.of(with(args, "--step", "pretrain", "--shard", "1/3"));
        assertEquals(0, shard.code(), shard.out() + shard.err());
        assertEquals(List.of("pretrain"), shard.out().lines().filter(l -> l.startsWith("== ")).map(l -> l.substring(3, l.indexOf(':'))).toList(),
                "only the named step runs: " + shard.out());
        assertTrue(shard.out().contains(" --shard 1/3") && shard.out().contains("shard 1/3: 2 trained, 0 already done"), shard.out());
        assertFalse(Files.exists(dir.resolve("report")), "a single step writes no report");

        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("4 trained, 2 already done"), "the whole run trains only what the shard left: " + first.out());
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

        JsonNode commands = new ObjectMapper().readTree(dir.resolve("report/settings.json").toFile()).get("commands");
        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already done: " + dir.resolve("run/embeddings/io-model-2ep.safetensors") + " exists"), again.out());
        // a report of a resumed run (or of a cluster chain's last job) lists the same commands, the embeddings included
        assertEquals(commands, new ObjectMapper().readTree(dir.resolve("report/settings.json").toFile()).get("commands"));
        assertTrue(again.out().contains("0 trained, 6 already done"), "pretraining is not repeated: " + again.out());
        assertTrue(again.out().contains("(0 now, 20 found done)"), "searches are not repeated: " + again.out());
    }

    /**
     * The NAS-Bench-201 chain at the tiny preset on made-up data: every step runs with
     * {@code --space nb201}, NAS-Bench-101's own steps (the space, the decoding ceiling, the latent
     * figures) do not, the report has every step's NAS-Bench-201 section, each read from its step's
     * files, and a second run repeats nothing.
     */
    @Test
    void nasBench201ChainRunsItsStepsAndWritesItsReport() throws IOException {
        Path data = MadeUpData.writeNb201(data());
        String[] args = {"--data", data.toString(), "--cifar-any-size", "reproduce", "--space", "nb201", "--preset", "tiny", "--out",
            dir.resolve("run201").toString(), "--report", dir.resolve("report201").toString()};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.out() + first.err());
        List<String> steps = first.out().lines().filter(l -> l.startsWith("== ")).toList();
        assertEquals(List.of("pretrain", "IO dataset", "arch2vec", "arch2vec embeddings", "extended model", "embeddings io-model-2ep",
                "embeddings reference-arch2vec-2ep", "search on arch2vec-1ep", "prediction on arch2vec-1ep", "search on io-model-2ep",
                "prediction on io-model-2ep", "search on reference-arch2vec-2ep", "prediction on reference-arch2vec-2ep"),
                steps.stream().map(l -> l.substring(3, l.indexOf(':'))).toList(), first.out());
        for (String step : steps)
            if (!step.startsWith("== IO dataset") && !step.startsWith("== extended model"))
                assertTrue(step.contains(" --space nb201"), "every step that reads the space is told it: " + step);
        assertTrue(first.out().contains("6 trained, 0 already done"), first.out());
        assertTrue(first.out().contains("reproduce --preset tiny done") && !first.out().contains("not run:"), first.out());
        String report = Files.readString(dir.resolve("report201/index.md"));
        assertTrue(report.contains("NAS-Bench-201: architecture search on a query budget") && report.contains("NAS-Bench-201: performance prediction"),
                report);
        assertStepSectionsReadTheRun(dir.resolve("run201"), dir.resolve("report201"), data.resolve("nasbench201/nb201-val.json"), report);
        // 3 embeddings' REINFORCE, random search once; 3 embeddings x 3 sizes of prediction
        assertEquals(1 + 4, Files.readAllLines(dir.resolve("run201/search/summary.csv")).size());
        for (String label : List.of("arch2vec-1ep", "io-model-2ep", "reference-arch2vec-2ep"))
            assertEquals(1 + 3, Files.readAllLines(dir.resolve("run201/predict").resolve(label).resolve("rf-summary.csv")).size(), label);

        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 trained, 6 already done"), "pretraining is not repeated: " + again.out());
        assertTrue(again.out().contains("(0 now, 20 found done)"), "searches are not repeated: " + again.out());

        growsToTwoModelSeeds(with(args, "--model-seeds", "2"), dir.resolve("run201"), dir.resolve("report201"));
    }

    /**
     * The one-seed run above grown to {@code --model-seeds 2} (which is how its seed-1 work is
     * reused, and keeps this test short). The extended model's step split by seeds as a job array
     * ({@code --step io-model --shard 1/2}) trains seed 2 alone, in io-model-seed2/; the whole run
     * then keeps seed 1 in io-model/ with a one-seed run's command line and labels, searches and
     * predicts on both seeds' embeddings (seed 2's labels end in -seed2), and the report has a row
     * per seed and a pooled row, the mean of the seeds' means, judged against the run's baseline.
     */
    private static void growsToTwoModelSeeds(String[] args, Path run, Path reportDir) throws IOException {
        CliRun shard = CliRun.of(with(args, "--step", "io-model", "--shard", "1/2"));
        assertEquals(0, shard.code(), shard.out() + shard.err());
        List<String> shardSteps = shard.out().lines().filter(l -> l.startsWith("== ")).toList();
        assertEquals(List.of("extended model, seed 2", "embeddings io-model-2ep-seed2", "embeddings reference-arch2vec-2ep-seed2"),
                shardSteps.stream().map(l -> l.substring(3, l.indexOf(':'))).toList(), shard.out());
        assertTrue(shardSteps.getFirst().contains(" --seed 2") && shardSteps.getFirst().contains(" --out " + run.resolve("io-model-seed2")), shardSteps.getFirst());
        assertTrue(shardSteps.stream().noneMatch(l -> l.contains("--shard")), "io-model's commands are split, not told the shard: " + shardSteps);
        CliRun otherShard = CliRun.of(with(args, "--step", "io-model", "--shard", "0/2"));
        assertEquals(List.of("extended model", "embeddings io-model-2ep", "embeddings reference-arch2vec-2ep"), otherShard.out().lines()
                .filter(l -> l.startsWith("== ")).map(l -> l.substring(3, l.indexOf(':'))).toList(), "seed 1 is the other shard's: " + otherShard.out());

        CliRun all = CliRun.of(args);
        assertEquals(0, all.code(), all.out() + all.err());
        List<String> steps = all.out().lines().filter(l -> l.startsWith("== ")).toList();
        String seed1 = steps.stream().filter(l -> l.startsWith("== extended model: ")).findFirst().orElseThrow();
        assertFalse(seed1.contains("--seed"), "seed 1's line is a one-seed run's: " + seed1);
        assertTrue(seed1.contains(" --out " + run.resolve("io-model") + " "), seed1);
        for (String label : List.of("io-model-2ep", "io-model-2ep-seed2"))
            assertTrue(all.out().contains("already done: " + run.resolve("embeddings").resolve(label + ".safetensors")), all.out());
        ObjectMapper json = new ObjectMapper();
        assertTrue(json.readTree(run.resolve("io-model/metrics.json").toFile()).toString().contains("\"seed\":1"));
        assertTrue(json.readTree(run.resolve("io-model-seed2/metrics.json").toFile()).toString().contains("\"seed\":2"));

        // REINFORCE on 5 embeddings (arch2vec's, both seeds' model and reference) and random search once
        List<java.util.Map<String, String>> search = csv(run.resolve("search/summary.csv"));
        assertEquals(6, search.size());
        List<String> labels = List.of("io-model-2ep", "reference-arch2vec-2ep", "io-model-2ep-seed2", "reference-arch2vec-2ep-seed2");
        for (String label : labels) {
            assertTrue(search.stream().anyMatch(r -> r.get("label").equals(label) && r.get("algorithm").equals("reinforce")), label);
            assertEquals(1 + 3, Files.readAllLines(run.resolve("predict").resolve(label).resolve("rf-summary.csv")).size(), label);
        }

        String report = Files.readString(reportDir.resolve("index.md"));
        for (String row : List.of("| io-model-2ep-seed2 |", "| io-model-2ep, 2 seeds pooled |", "| reference-arch2vec-2ep, 2 seeds pooled |"))
            assertTrue(report.contains(row), row + " in " + report);
        assertTrue(report.contains("95% t-interval over those seed means"), "the text says how the seeds are pooled");
        JsonNode summary = json.readTree(reportDir.resolve("summary.json").toFile());
        JsonNode headlines = summary.get("headlines");
        double regret1 = regretOf(search, "io-model-2ep"), regret2 = regretOf(search, "io-model-2ep-seed2");
        JsonNode pooledSearch = headlines.get("nb201.search.io-model-2ep-pooled.reinforce.final_validation_regret");
        assertEquals((regret1 + regret2) / 2, pooledSearch.at("/ours/value").asDouble(), 1e-12);
        // the t-interval over two seed means: mean ± t(1) |m1 - m2| / 2, t(1) = tan(0.475 pi)
        assertEquals((regret1 + regret2) / 2 + Math.tan(0.475 * Math.PI) * Math.abs(regret1 - regret2) / 2, pooledSearch.at("/ours/high").asDouble(), 1e-9);
        assertEquals("baseline", pooledSearch.get("basis").asText(), "judged against random search: " + pooledSearch);
        assertTrue(headlines.has("nb201.search.io-model-2ep-seed2.reinforce.final_validation_regret"), "each seed keeps its own headline");
        int size = Integer.parseInt(csv(run.resolve("predict/io-model-2ep/rf-summary.csv")).getFirst().get("train_size"));
        JsonNode pooledPredict = headlines.get("nb201.predict.io-model-2ep-pooled.n" + size + ".pearson_r");
        assertEquals((rMeanOf(run, "io-model-2ep") + rMeanOf(run, "io-model-2ep-seed2")) / 2, pooledPredict.at("/ours/value").asDouble(), 1e-12);
        assertEquals("baseline", pooledPredict.get("basis").asText(), "judged against arch2vec: " + pooledPredict);
        assertEquals("2", json.readTree(reportDir.resolve("settings.json").toFile()).at("/presetSettings/modelSeeds").asText());
        JsonNode loss = headlines.get("nb201.io_model.pooled.epoch2.test_unseen_images.labeled_l1");
        assertEquals("baseline", loss.get("basis").asText(), "the pooled loss of the model's seeds against their pooled baseline: " + loss);
    }

    /** A CSV file's rows by column name. */
    private static List<java.util.Map<String, String>> csv(Path file) throws IOException {
        List<List<String>> lines = ionas.experiments.plot.Csv.parse(Files.readString(file));
        List<java.util.Map<String, String>> rows = new java.util.ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            java.util.Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < line.size(); i++) row.put(lines.getFirst().get(i), line.get(i));
            rows.add(row);
        }
        return rows;
    }

    private static double regretOf(List<java.util.Map<String, String>> search, String label) {
        return Double.parseDouble(search.stream().filter(r -> r.get("label").equals(label) && r.get("algorithm").equals("reinforce")).findFirst()
                .orElseThrow().get("final_validation_regret_mean"));
    }

    private static double rMeanOf(Path run, String label) throws IOException {
        return Double.parseDouble(csv(run.resolve("predict").resolve(label).resolve("rf-summary.csv")).getFirst().get("r_mean"));
    }

    /**
     * The NAS-Bench-201 report's pretraining, IO dataset, arch2vec and extended-model sections, each
     * headline read from its own step's file: the networks' test accuracy and the benchmark's accuracy
     * of their cells (from the records, in percent, over 100), arch2vec's last epoch, the extended
     * model's losses after the embedded epoch (the tiny preset's 2) against their baselines. No
     * NAS-Bench-101 key or figure appears; arch2vec stands beside its own NAS-Bench-201 row.
     */
    private static void assertStepSectionsReadTheRun(Path run, Path reportDir, Path records, String report) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String title : List.of("NAS-Bench-201: network pretraining", "NAS-Bench-201: IO dataset", "NAS-Bench-201: arch2vec pretraining",
                "NAS-Bench-201: IO model training"))
            assertTrue(report.contains("## " + title), title + " section: " + report);
        for (String published : List.of("paper networks", "44.97%", "381,261", "ceiling (any weights)", "Table 3"))
            assertFalse(report.contains(published), "no NAS-Bench-101 figure is set beside NAS-Bench-201's: " + published);
        assertTrue(report.contains("| validity of decoded samples | ") && report.contains("| 79.41% |"), "arch2vec's NAS-Bench-201 row of its Table 1");
        JsonNode summary = json.readTree(reportDir.resolve("summary.json").toFile());
        JsonNode headlines = summary.get("headlines");
        headlines.fieldNames().forEachRemaining(id -> assertTrue(id.startsWith("nb201."), "a NAS-Bench-201 key: " + id));
        for (String step : List.of("pretrain", "io-dataset", "arch2vec", "io-model"))
            assertEquals("completed", summary.get("steps").path(step).asText(), step);

        java.util.Map<String, Double> benchmark = new java.util.HashMap<>();
        for (JsonNode c : json.readTree(records.toFile()).get("cells")) benchmark.put(c.get("arch").asText(), c.get("val_acc").get("cifar10").asDouble() / 100);
        List<JsonNode> networks = new java.util.ArrayList<>();
        try (var roles = Files.list(run.resolve("pretrain"))) {
            for (Path role : roles.filter(Files::isDirectory).toList())
                try (var nets = Files.list(role)) {
                    for (Path net : nets.filter(Files::isDirectory).toList()) networks.add(json.readTree(net.resolve("metrics.json").toFile()));
                }
        }
        assertEquals(6, networks.size(), "the tiny preset's 4 + 2 networks");
        JsonNode pretrain = headlines.get("nb201.pretrain.test_accuracy");
        assertEquals(networks.stream().mapToDouble(n -> n.get("test_accuracy").asDouble()).average().orElseThrow(), pretrain.at("/ours/value").asDouble(), 1e-12);
        assertEquals(networks.stream().mapToDouble(n -> benchmark.get(n.get("arch").asText())).average().orElseThrow(),
                pretrain.at("/extras/benchmark_validation_accuracy").asDouble(), 1e-12, "the benchmark's cifar10-valid accuracy of the same cells");
        assertTrue(pretrain.at("/ours/low").asDouble() <= pretrain.at("/ours/value").asDouble(), "with its 95% interval");
        for (JsonNode n : networks)
            assertTrue(report.contains(n.get("arch").asText().replace("|", "\\|")), "each network's cell in the table: " + n.get("arch"));

        JsonNode arch2vec = json.readTree(run.resolve("arch2vec/metrics.json").toFile()).get("epochs");
        JsonNode lastArch2vec = arch2vec.get(arch2vec.size() - 1);
        for (String[] key : new String[][] {{"reconstruction", "identical"}, {"validity", "validity"}, {"uniqueness", "uniqueness"}})
            assertEquals(lastArch2vec.get(key[1]).asDouble(), headlines.get("nb201.arch2vec." + key[0]).at("/ours/value").asDouble(), 1e-12, key[0]);

        JsonNode ioEpochs = json.readTree(run.resolve("io-model/metrics.json").toFile()).get("epochs");
        JsonNode epoch2 = ioEpochs.get(1);
        assertEquals(2, epoch2.get("epoch").asInt());
        for (JsonNode set : epoch2.get("sets")) {
            JsonNode h = headlines.get("nb201.io_model.epoch2." + set.get("set").asText() + ".labeled_l1");
            assertEquals(set.at("/loss/mean").asDouble(), h.at("/ours/value").asDouble(), 1e-12, set.get("set").asText());
            assertEquals(set.at("/baseline/mean").asDouble(), h.at("/baseline/value").asDouble(), 1e-12, set.get("set").asText());
            assertEquals("baseline", h.get("basis").asText(), "judged against the mean-vector baseline: " + h);
        }
        assertEquals(5, epoch2.get("sets").size(), "the paper's five sets");
    }

    @Test
    void shardWithoutAShardableStepIsRefused() {
        for (String[] wrong : new String[][] {{"--shard", "0/2"}, {"--step", "arch2vec", "--shard", "0/2"}, {"--step", "report"}}) {
            CliRun r = CliRun.of(with(new String[] {"--data", dir.toString(), "reproduce", "--preset", "tiny", "--out", dir.resolve("run").toString()}, wrong));
            assertEquals(2, r.code(), String.join(" ", wrong) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(wrong.length == 2 && wrong[0].equals("--step") ? "unknown step 'report'" : "--shard splits one step for a job array"),
                    r.err());
            assertFalse(Files.exists(dir.resolve("run")), "nothing is written before the command line is checked");
        }
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
