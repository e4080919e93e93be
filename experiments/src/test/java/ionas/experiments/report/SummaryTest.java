package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headline results of a fake run: summary.json, the table at the top of the report, and the terminal lines. */
class SummaryTest {
    /** The label of FakeRun's REINFORCE row, markup and all, as its ids carry it. */
    private static final String FAKE_RL = "search.<b>arch2vec</b>, \"x\".reinforce.final_validation_regret";

    @TempDir
    Path tmp;

    private static RunSettings small() {
        return new RunSettings("small", List.of(new Setting("searchRuns", "runs per search (paper: 500)", "500")), Path.of("data"),
                Path.of("data/nasbench101/nb101-20k.json"), "1.2.3", List.of("ionas --data data pretrain --preset small"), Map.of("cores", "2"));
    }

    private Path fullRun() throws IOException {
        return FakeRun.complete(tmp);
    }

    private static JsonNode json(ReportWriter.Report r) throws IOException {
        return RunFiles.JSON.readTree(r.summaryJson().toFile());
    }

    @Test
    void summaryJsonRecordsTheRunAndEveryHeadline() throws Exception {
        JsonNode j = json(ReportWriter.write(fullRun(), tmp.resolve("report"), small()));
        assertEquals("ionas-report-summary", j.path("format").asText());
        assertEquals(1, j.path("version").asInt());
        assertEquals("1.2.3", j.path("ionas").asText());
        assertEquals("small", j.at("/preset/name").asText());
        assertEquals("500", j.at("/preset/settings/searchRuns").asText());
        assertEquals(Path.of("data").toAbsolutePath().normalize().toString(), j.path("data").asText());
        assertTrue(j.path("benchmark").asText().endsWith("nb101-20k.json"));
        assertEquals("completed", j.at("/steps/search").asText());
        JsonNode h = j.path("headlines");

        // pretraining: the mean of the two recorded test accuracies (0.79, 0.61) and their range; the paper prints none
        JsonNode pre = h.path("pretrain.test_accuracy");
        assertEquals(0.70, pre.at("/ours/value").asDouble(), 1e-12);
        assertEquals(0.61, pre.at("/ours/low").asDouble());
        assertEquals(0.79, pre.at("/ours/high").asDouble());
        assertEquals("min_max", pre.at("/ours/interval").asText());
        assertTrue(pre.path("published").isNull());
        assertEquals("not comparable", pre.path("verdict").asText());
        assertEquals("the paper reports no accuracy of its pretrained networks; 'small' preset: 3 networks of 2 epochs (paper: 685 of 12)",
                pre.path("why").asText());

        // seen networks, unseen images: 0.45 [0.44, 0.46] below the mean-vector baseline 0.79 [0.78, 0.80], as the paper's Fig. 12
        JsonNode io = h.path("io_model.test_unseen_images.labeled_l1");
        assertEquals(0.45, io.at("/ours/value").asDouble());
        assertEquals(0.44, io.at("/ours/low").asDouble());
        assertEquals(0.46, io.at("/ours/high").asDouble());
        assertEquals(0.79, io.at("/baseline/value").asDouble());
        assertEquals(0.78, io.at("/baseline/low").asDouble(), 1e-12);
        assertTrue(io.at("/baseline/disjoint").asBoolean());
        assertEquals("matches", io.path("verdict").asText());
        assertEquals("baseline", io.path("basis").asText());
        assertTrue(io.at("/published/value").isNull(), "the paper shows the loss only as a figure");
        assertEquals("terminal", io.path("shown").asText());
        // unseen networks: 0.70 [0.60, 0.85] overlaps 0.80 [0.79, 0.81]
        assertEquals("inconclusive", h.at("/io_model.valid_unseen_networks.labeled_l1/verdict").asText());
        assertTrue(!h.at("/io_model.valid_unseen_networks.labeled_l1/baseline/disjoint").asBoolean());

        // arch2vec Table 1 at another preset
        JsonNode validity = h.path("arch2vec.validity");
        assertEquals(0.4321, validity.at("/ours/value").asDouble());
        assertEquals(0.4497, validity.at("/published/value").asDouble());
        assertEquals("not comparable", validity.path("verdict").asText());
        assertTrue(validity.path("why").asText().startsWith("'small' preset: epoch 8 of 8 on 2,000 training cells (arch2vec: 8 epochs"));

        // search: random search's id has no label; REINFORCE is set against it (intervals overlap) since the records differ from arch2vec's
        JsonNode random = h.path("search.random.final_validation_regret");
        assertEquals(0.006, random.at("/ours/value").asDouble());
        assertEquals(0.006 - 1.96 * 0.001, random.at("/ours/low").asDouble(), 1e-15);
        assertEquals(0.003495, random.at("/published/value").asDouble());
        JsonNode rl = h.path(FAKE_RL);
        assertEquals(0.004321, rl.at("/ours/value").asDouble());
        assertEquals("random search, same budget", rl.at("/baseline/source").asText());
        assertEquals(0.006, rl.at("/baseline/value").asDouble());
        assertEquals("inconclusive", rl.path("verdict").asText());
        assertEquals("95% intervals overlap the baseline's; published number not comparable: 20,001-cell records (nb101-20k.json) "
                + "(arch2vec: all 423,624 cells); 'small' preset: 5 runs (arch2vec: 500)", rl.path("why").asText());
        assertTrue(rl.at("/extras/found_best_share").isNull(), "a summary.csv from before the ranks: null, not 0");
        assertEquals(5, rl.at("/extras/runs").asInt());

        // prediction: validation accuracy on the 20k records is not the published test accuracy
        JsonNode r10k = h.path("predict.arch2vec.rf.validation.n10000.pearson_r");
        assertEquals(0.701, r10k.at("/ours/value").asDouble());
        assertEquals("quartiles", r10k.at("/ours/interval").asText());
        assertEquals(0.6879, r10k.at("/published/value").asDouble());
        assertEquals("not comparable", r10k.path("verdict").asText());
        assertTrue(r10k.path("why").asText().startsWith("validation accuracy over the 20,001-cell records (nb101-20k.json) vs the published test accuracy"));
        assertEquals("glance", r10k.path("shown").asText());
        assertEquals("detail", h.at("/predict.arch2vec.rf.validation.n250.rmse/shown").asText(), "no published number at 250 for rf");
    }

    @Test
    void theGlanceTableComesFirstAndIsMadeFromTheSummary() throws Exception {
        ReportWriter.Report r = ReportWriter.write(fullRun(), tmp.resolve("report"), small());
        String md = Files.readString(r.markdown());
        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
        assertEquals("## Results at a glance", headings.getFirst());
        assertEquals("## Settings and commands", headings.getLast());
        List<String> lines = md.lines().toList();
        int header = lines.indexOf("| result | ours | published | baseline (this run) | verdict | why |");
        assertTrue(header > 0 && lines.subList(0, header).stream().noneMatch(l -> l.startsWith("|")), "the first table of the page");

        // one row per headline shown at a glance, in summary.json's order, with its verdict
        List<JsonNode> shown = new java.util.ArrayList<>();
        json(r).path("headlines").forEach(h -> {
            if (!h.path("shown").asText().equals("detail")) shown.add(h);
        });
        List<String> rows = lines.subList(header + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|")).toList();
        assertEquals(shown.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("| " + shown.get(i).path("title").asText().replace("<", "&lt;").replace(">", "&gt;") + " |"), rows.get(i));
            assertTrue(rows.get(i).contains("| " + shown.get(i).path("verdict").asText() + " |"), rows.get(i));
        }
        assertTrue(rows.getFirst().startsWith("| Pretrained networks: mean CIFAR-10 test accuracy [min, max] | 70.00% [61.00%, 79.00%]; 2 networks |"));

        // the settings at the end: readable rows and the commands as code
        assertTrue(md.contains("| runs per search (paper: 500) | 500 |"));
        assertTrue(md.contains("```sh\nionas --data data pretrain --preset small\n```"));
        String html = Files.readString(r.html());
        assertTrue(html.indexOf("id=\"results\"") < html.indexOf("id=\"pretrain\"") && html.indexOf("id=\"settings\"") > html.indexOf("id=\"predict\""));
        assertTrue(html.contains("<td class=\"verdict-matches\">matches</td>"));
    }

    @Test
    void searchRowsShowWhatANearTieHides() throws Exception {
        Path run = tmp.resolve("run");
        FakeRun.searchWithRanks(run);
        ReportWriter.Report r = ReportWriter.write(run, tmp.resolve("report"), small());
        JsonNode rl = json(r).at("/headlines/search.arch2vec-8ep.reinforce.final_validation_regret");
        assertEquals(0.008, rl.at("/extras/found_best_share").asDouble());
        assertEquals(99.995, rl.at("/extras/final_percentile_median").asDouble());
        assertEquals(99.9942, rl.at("/extras/final_percentile_mean").asDouble());
        // 0.00011 ± 1.96 x 0.000004 is clear of random search's 0.0035 ± 1.96 x 0.0002: REINFORCE beats it, as arch2vec found
        assertEquals("matches", rl.path("verdict").asText());
        String html = Files.readString(r.html()).replace("<td class=\"num\">", "<td>");
        assertTrue(html.contains("best cell found in 0.80% of 500 runs; final cell&#39;s percentile: median 99.995; mean 99.994"), "at a glance");
        assertTrue(html.contains("<td>0.80%</td><td>99.995 / 99.994</td>"), "in the search section's table");
    }

    @Test
    void atThePaperPresetOnTheWholeSpaceOursIsJudgedAgainstThePublishedNumbers() throws Exception {
        Path run = tmp.resolve("run");
        FakeRun.arch2vec(run, 8);
        FakeRun.search(run);
        Summary s = ReportWriter.write(run, tmp.resolve("report"), RunSettings.of("paper").withBenchmark(Path.of("nasbench_only108.tfrecord"))).summary();
        // 0.004321 [0.003341, 0.005301] lies above RL-arch2vec's 0.002011, and lower regret is better
        Headline rl = s.headline(FAKE_RL).orElseThrow();
        assertEquals(Verdict.WORSE, rl.verdict());
        assertEquals(Judgement.Basis.PUBLISHED, rl.judgement().basis());
        // arch2vec Table 1: 43.21% is 1.76 points under 44.97%, 98.76% within one point of 99.69%
        assertEquals(Verdict.WORSE, s.headline("arch2vec.validity").orElseThrow().verdict());
        assertEquals(Verdict.MATCHES, s.headline("arch2vec.uniqueness").orElseThrow().verdict());
    }

    @Test
    void theTerminalLinesGiveTheKeyResultsAndWhereTheReportIs() throws Exception {
        Summary s = ReportWriter.write(fullRun(), tmp.resolve("report"), small()).summary();
        List<String> lines = s.terminalLines();
        assertEquals("Report: " + tmp.resolve("report/index.html").toAbsolutePath().normalize() + " (numbers for scripts: summary.json beside it)",
                lines.getLast());
        assertTrue(lines.contains("  IO model labeled L1 on test_unseen_images (seen networks, unseen images) [95% CI]: 0.4500 [0.4400, 0.4600] "
                + "vs mean-vector baseline: 0.7900 [0.7800, 0.8000] -> matches (the published finding holds)"), String.join("\n", lines));
        assertTrue(lines.contains("  arch2vec validity of decoded samples: 43.21% vs arch2vec Table 1: 44.97% -> not comparable"), String.join("\n", lines));
        assertEquals(1 + 6 + 1, lines.size(), "a title, pretraining, one IO set, three arch2vec metrics, REINFORCE, the report");
    }
}
