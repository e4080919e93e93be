package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportWriterTest {
    @TempDir
    Path tmp;

    private static RunSettings settings() {
        return settings(Map.of("cores", "2"));
    }

    private static RunSettings settings(Map<String, String> machine) {
        return new RunSettings("small", List.of(new Setting("searchRuns", "runs per search (paper: 500)", "500")), Path.of("data"),
                Path.of("data/nasbench101/nb101-20k.json"), "1.2.3", List.of("ionas --data data pretrain --preset small"), machine);
    }

    private Path fullRun() throws IOException {
        return FakeRun.complete(tmp);
    }

    @Test
    void writesBothPagesWithEveryReferencedFigure() throws Exception {
        ReportWriter.Report r = ReportWriter.write(fullRun(), tmp.resolve("report"), settings());
        assertTrue(Files.isRegularFile(r.markdown()));
        assertTrue(Files.isRegularFile(r.html()));
        assertTrue(Files.isRegularFile(tmp.resolve("report/settings.json")));
        assertEquals(List.of(), r.missing());
        String html = Files.readString(r.html());
        Set<String> sources = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (m.find()) sources.add(m.group(1));
        assertEquals(2, sources.size(), "the two fake PNGs");
        assertEquals(2, r.figures().size());
        assertEquals(3, count(html, "<img "), "the search regret chart also shows under the results at a glance");
        for (String src : sources) {
            assertTrue(src.startsWith("figures/"), src);
            assertTrue(Files.isRegularFile(tmp.resolve("report").resolve(src)), src);
        }
        String md = Files.readString(r.markdown());
        for (String src : sources) assertTrue(md.contains("](" + src + ")"), src);
    }

    /**
     * Two seeds of the extended model (reproduce --model-seeds 2) on NAS-Bench-101: a row per seed
     * and a pooled row in search and prediction, the pooled headline the mean of the seeds' means
     * with the t-interval over them, judged against random search and arch2vec, and each seed's own
     * headline moved to the details.
     */
    @Test
    void severalModelSeedsArePooledAndThePooledRowIsJudged() throws Exception {
        Path run = fullRun();
        Files.writeString(run.resolve("search/summary.csv"), """
                label,algorithm,runs,final_validation_regret_mean,final_validation_regret_se,final_test_regret_mean,final_test_regret_se,mean_queries,mean_wall_seconds_per_run
                arch2vec-8ep,random,500,0.0060,0.0001,,,400.0,0.5
                io-model-10ep,reinforce,500,0.0020,0.0001,,,400.0,3.5
                io-model-10ep-seed2,reinforce,500,0.0030,0.0001,,,400.0,3.5
                """);
        String header = "regressor,target,train_size,seeds,rmse_median,rmse_q1,rmse_q3,rmse_mean,rmse_std,r_median,r_q1,r_q3,r_mean,r_std\n";
        for (String[] f : new String[][] {{"arch2vec-8ep", "0.600"}, {"io-model-10ep", "0.700"}, {"io-model-10ep-seed2", "0.720"}}) {
            Files.createDirectories(run.resolve("predict").resolve(f[0]));
            Files.writeString(run.resolve("predict").resolve(f[0]).resolve("rf-summary.csv"),
                    header + "rf,validation,1000,10,0.02,0.019,0.021,0.02,0.001,0.6,0.59,0.61," + f[1] + ",0.01\n");
        }
        // seed 2's model: the same metrics but for its test_unseen_images loss, 0.55 where seed 1 has 0.45
        Files.createDirectories(run.resolve("io-model-seed2"));
        Files.writeString(run.resolve("io-model-seed2/metrics.json"), Files.readString(run.resolve("io-model/metrics.json"))
                .replace("\"test_unseen_images\", \"examples\": 400, \"loss\": {\"mean\": 0.45", "\"test_unseen_images\", \"examples\": 400, \"loss\": {\"mean\": 0.55"));
        ReportWriter.Report r = ReportWriter.write(run, tmp.resolve("report"), settings());
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("| io-model-10ep, 2 seeds pooled | reinforce | 1,000 |"), md);
        assertTrue(md.contains("| test_unseen_images | 0.4500 | 0.5500 | 0.5000 ["), "each seed's loss and the pooled one: " + md);
        assertTrue(md.contains("95% t-interval over those seed means"), "the text says how the seeds are pooled");
        var headlines = RunFiles.JSON.readTree(r.markdown().resolveSibling("summary.json").toFile()).get("headlines");
        var search = headlines.get("search.io-model-10ep-pooled.reinforce.final_validation_regret");
        assertEquals(0.0025, search.at("/ours/value").asDouble(), 1e-12);
        assertEquals(0.0025 + SeedPoolTest.T1 * 0.0005, search.at("/ours/high").asDouble(), 1e-12, "t(1) x the standard error of two seed means");
        assertEquals("baseline", search.get("basis").asText(), "against random search: " + search);
        var predict = headlines.get("predict.io-model-10ep-pooled.rf.validation.n1000.pearson_r");
        assertEquals(0.71, predict.at("/ours/value").asDouble(), 1e-12);
        assertEquals("baseline", predict.get("basis").asText(), "against arch2vec: " + predict);
        assertEquals(0.6 + 1.96 * 0.01 / Math.sqrt(10), predict.at("/baseline/high").asDouble(), 1e-12, "arch2vec's mean with its 95% interval");
        assertTrue(headlines.has("search.io-model-10ep-seed2.reinforce.final_validation_regret"), "each seed keeps its headline");
        var loss = headlines.get("io_model.pooled.epoch1.test_unseen_images.labeled_l1");
        assertEquals(0.5, loss.at("/ours/value").asDouble(), 1e-12);
        assertEquals(0.5 + SeedPoolTest.T1 * 0.05, loss.at("/ours/high").asDouble(), 1e-9);
        assertEquals(0.79, loss.at("/baseline/value").asDouble(), 1e-12, "the seeds' baselines pooled");
        for (String seed : List.of("io-model-10ep", "io-model-10ep-seed2"))
            assertFalse(r.summary().terminalLines().stream().anyMatch(l -> l.contains("on " + seed + ":")), "one seed is not printed: " + seed);
        assertTrue(r.summary().terminalLines().stream().anyMatch(l -> l.contains("io-model-10ep, 2 seeds pooled")), r.summary().terminalLines().toString());
    }

    @Test
    void printsOurNumbersBesideThePublishedOnes() throws Exception {
        ReportWriter.Report r = ReportWriter.write(fullRun(), tmp.resolve("report"), settings());
        // numeric cells carry a class that keeps them on one line; only the cells' order matters here
        String html = Files.readString(r.html()).replace("<td class=\"num\">", "<td>");
        // arch2vec Table 1: identical decoding, validity, uniqueness next to 100 / 44.97 / 99.69; identical decoding and adjacency
        // accuracy also beside the ceiling of arch2vec's model (ceiling.json's held-out figures)
        assertTrue(html.contains("<td>90.00%</td><td>93.20%</td><td>100% (computed by no released code)</td>"), "identical decoding beside its ceiling");
        assertTrue(html.contains("<td>87.50%</td><td>—</td><td>100.00%</td>"), "identical beside 100%");
        assertTrue(html.contains("<td>98.00%</td><td>99.61%</td><td>—</td>"), "adjacency accuracy beside its ceiling");
        assertTrue(html.contains("<td>43.21%</td><td>—</td><td>44.97%</td>"));
        assertTrue(html.contains("<td>98.76%</td><td>—</td><td>99.69%</td>"));
        assertTrue(html.contains("regime train (training mode every epoch); encoder arch2vec, decoder arch2vec"), "a metrics file without a regime was made in training mode");
        // Table 2: 2 other train networks x 200 unseen images beside the paper's 547 x 2000
        assertTrue(html.contains("<td>test_unseen_images</td><td>other train networks x unseen images</td><td>2</td><td>200</td><td>400</td>"
                + "<td>547</td><td>2,000</td><td>1,094,000</td>"), "Table 2 row");
        // IO model: the overlapping interval of unseen networks is not called a clear win
        assertTrue(html.contains("<td>0.7000 [0.6000, 0.8500]</td><td>0.8000 [0.7900, 0.8100]</td><td>yes (intervals overlap)</td>"));
        assertTrue(html.contains("<td>0.3100 [0.3000, 0.3200]</td><td>0.8000 [0.7900, 0.8100]</td><td>yes</td>"));
        // search beside RL-arch2vec's 0.002011, and the caveat on the 20,001-cell records
        assertTrue(html.contains("<td>0.004321 ± 0.0005000</td><td>0.002011</td>"));
        assertTrue(html.contains("20,001-cell records (nb101-20k.json): final regrets"));
        assertTrue(html.contains("not directly comparable"));
        // prediction beside info-NAS's random forest at 10,000 cells
        assertTrue(html.contains("<td>0.0201</td><td>0.6879</td>"));
        assertTrue(html.contains("info-NAS notebook, IO model: RMSE 0.0191, r 0.7323"), "beside our 10,000-cell row");
        assertTrue(html.contains("<td>0.01990 [0.01900, 0.02050]</td>"));
        // a preset other than paper is flagged
        assertTrue(html.contains("not expected to equal the published ones"));
        // the Markdown says the same
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("| 87.50% | — | 100.00% |"));
    }

    @Test
    void stepsNotRunAreListedAndShown() throws Exception {
        Path run = tmp.resolve("run");
        FakeRun.pretrain(run);
        FakeRun.arch2vec(run, 3);
        ReportWriter.Report r = ReportWriter.write(run, tmp.resolve("report"), RunSettings.of("paper"));
        assertEquals(List.of("io-dataset", "io-model", "search", "predict"), r.missing());
        String html = Files.readString(r.html());
        assertEquals(4, count(html, "<td class=\"missing\">not run</td>"), "one overview row per missing step");
        assertTrue(html.contains("partial (3 of 8 epochs)"));
        assertTrue(html.contains("partial (2 of 3 networks completed)"));
        assertFalse(html.contains("not expected to equal the published ones"), "no caveat for the paper preset");
        assertTrue(r.figures().isEmpty());
        assertTrue(Files.readString(tmp.resolve("report/settings.json")).contains("\"search\" : \"not run\""));
    }

    @Test
    void anEmptyRunStillGivesAReport() throws Exception {
        ReportWriter.Report r = ReportWriter.write(tmp.resolve("nothing"), tmp.resolve("report"), RunSettings.of("small"));
        assertEquals(List.of("pretrain", "io-dataset", "arch2vec", "io-model", "search", "predict"), r.missing());
        wellFormed(Files.readString(r.html()));
    }

    @Test
    void htmlIsWellFormedAndEscapesDataFromTheRun() throws Exception {
        RunSettings s = settings(Map.of("machine <x>", "2 cores & \"quotes\""));
        ReportWriter.Report r = ReportWriter.write(fullRun(), tmp.resolve("report"), s);
        String html = Files.readString(r.html());
        assertFalse(html.contains("<b>"), "markup from summary.csv must be escaped");
        assertTrue(html.contains("&lt;b&gt;arch2vec&lt;/b&gt;, &quot;x&quot;"), "quoted CSV cell read whole");
        assertTrue(html.contains("machine &lt;x&gt;"));
        assertEquals(count(html, "<table"), count(html, "</table>"));
        Document doc = wellFormed(html);
        assertEquals(count(html, "<table"), doc.getElementsByTagName("table").getLength());
        assertFalse(Files.readString(r.markdown()).contains("<b>"));
    }

    /** Parses the page as XML, which fails on unbalanced tags and stray '<' or '&'. */
    private static Document wellFormed(String html) throws Exception {
        String xml = html.replaceFirst("<!DOCTYPE html>", "");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
