package ionas.experiments.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the report of a pipeline run: {@code index.md}, a self-contained {@code index.html} with
 * its charts copied into {@code figures/}, {@code summary.json} (the headline results for
 * scripts) and {@code settings.json}.
 *
 * <p>The report leads with the results: a table of the headline numbers, each beside the paper's
 * or arch2vec's published number or this run's baseline, with a verdict and why, then the key
 * figures. The steps follow, one section each with every number beside its published counterpart;
 * the settings and the commands that ran come last. A step that has not run (yet) is shown as "not
 * run", so the report can be written at any point of a run.
 *
 * <p>The run folder is the pipeline's: {@code pretrain/}, {@code io-dataset/}, {@code arch2vec/},
 * {@code io-model/}, {@code search/} and {@code predict/}, each as its command writes it.
 */
public final class ReportWriter {
    /** The preset the paper's numbers come from; a smaller one is not expected to match them. */
    public static final String PAPER_PRESET = "paper";

    /** The charts shown again under the results at a glance, by their names under figures/, where the run has them. */
    private static final List<String> KEY_FIGURES = List.of("io-model-fig12-test-unseen-images.png", "search-fig07-regret-validation.png",
            "search-fig08-regret-test.png", "predict-fig10-pearson-validation.png", "predict-fig10-pearson-test.png");

    private ReportWriter() {}

    /**
     * The files written.
     *
     * @param summaryJson the headline results for scripts
     * @param figures     the charts copied into the report's {@code figures/}
     * @param missing     the steps that have not run, by folder name (e.g. {@code search})
     * @param summary     the headline results, for {@link Summary#terminalLines()}
     */
    public record Report(Path markdown, Path html, Path summaryJson, List<Path> figures, List<String> missing, Summary summary) {
        public Report {
            figures = List.copyOf(figures);
            missing = List.copyOf(missing);
        }
    }

    /**
     * Writes the report of {@code run} into {@code reportDir} (created if missing; files already
     * there are replaced).
     *
     * @param run      the pipeline folder
     * @param settings how the run was made: preset, data, benchmark records, commands
     * @throws IOException when a file of the run exists but cannot be read, or the report cannot be written
     */
    public static Report write(Path run, Path reportDir, RunSettings settings) throws IOException {
        ReportSpace nb101 = ReportSpace.NB101;
        List<Section> sections = List.of(PretrainSection.read(run, settings, nb101), IoDatasetSection.read(run, nb101), Arch2VecSection.read(run, settings, nb101),
                IoModelSection.read(run, settings, nb101), SearchSection.read(run, settings), PredictSection.read(run, settings));
        return write(run, reportDir, settings, nb101, sections, when -> "Results of the ionas pipeline run in " + run.toAbsolutePath().normalize() + " with preset '"
                + settings.preset() + "', generated " + when + ". ionas reimplements \"Graph Embedding for NAS with Input-Output Information\" "
                + "(the paper), which extends arch2vec (Yan et al., NeurIPS 2020), on NAS-Bench-101 and CIFAR-10.");
    }

    /**
     * Writes the report of a NAS-Bench-201 run ({@code reproduce --space nb201}) into {@code reportDir}:
     * the same steps' sections as NAS-Bench-101's without its published figures, since nothing
     * comparable is published for NAS-Bench-201 here. A number is judged against the run's own
     * baseline where the run has one: the extended model's loss against the mean-vector baseline, a
     * search against random search, the extended model's prediction against arch2vec's
     * ({@link Nb201Sections}); the pretrained networks are set beside the benchmark's accuracy of their
     * cells. Headline keys start with {@code nb201.}.
     */
    public static Report writeNb201(Path run, Path reportDir, RunSettings settings) throws IOException {
        ReportSpace nb201 = ReportSpace.NB201;
        List<Section> sections = List.of(PretrainSection.read(run, settings, nb201), IoDatasetSection.read(run, nb201),
                Arch2VecSection.read(run, settings, nb201), IoModelSection.read(run, settings, nb201), Nb201Sections.search(run), Nb201Sections.predict(run));
        return write(run, reportDir, settings, nb201, sections,
                when -> "Results of the ionas NAS-Bench-201 chain run in " + run.toAbsolutePath().normalize() + " with preset '" + settings.preset()
                        + "', generated " + when + ": the paper's pipeline (arch2vec and the extended model with networks' outputs) on NAS-Bench-201, "
                        + "the paper's future work. Nothing comparable is published for NAS-Bench-201 here (the paper's and arch2vec's figures "
                        + "are NAS-Bench-101's), so each step is judged against this run's own baseline where it has one.");
    }

    /** {@code intro}: the report's opening paragraph, given the time it is generated. */
    private static Report write(Path run, Path reportDir, RunSettings settings, ReportSpace space, List<Section> sections, Function<Instant, String> intro)
            throws IOException {
        Instant when = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> steps = new LinkedHashMap<>();
        List<Headline> headlines = new ArrayList<>();
        for (Section s : sections) {
            steps.put(s.step(), s.status());
            headlines.addAll(s.headlines());
        }
        Summary summary = new Summary(settings, when, run, reportDir, steps, headlines);

        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph(intro.apply(when)));
        blocks.addAll(GlanceSection.blocks(summary, keyFigures(sections), space));
        for (Section s : sections) blocks.addAll(s.blocks());
        blocks.addAll(SettingsSection.blocks(run, settings, when, sections));

        Set<Path> figures = new LinkedHashSet<>(); // a key figure appears twice, copied once
        for (Block b : blocks) {
            if (b instanceof Block.Figure f && figures.add(reportDir.resolve("figures").resolve(f.name())))
                AtomicFiles.write(reportDir.resolve("figures").resolve(f.name()), Files.readAllBytes(f.source()));
        }
        String title = "ionas reproduction report: " + settings.preset();
        Path markdown = reportDir.resolve("index.md"), html = reportDir.resolve("index.html"), json = reportDir.resolve(Summary.FILE);
        AtomicFiles.writeString(markdown, MarkdownRenderer.render(title, blocks));
        AtomicFiles.writeString(html, HtmlRenderer.render(title, blocks));
        AtomicFiles.write(json, SummaryJson.bytes(summary));
        writeSettings(reportDir.resolve("settings.json"), run, settings, when, steps);
        return new Report(markdown, html, json, List.copyOf(figures), summary.notRun(), summary);
    }

    private static List<Block.Figure> keyFigures(List<Section> sections) {
        List<Block.Figure> out = new ArrayList<>();
        for (String name : KEY_FIGURES)
            for (Section s : sections)
                for (Block b : s.blocks())
                    if (b instanceof Block.Figure f && f.name().equals(name)) out.add(f);
        return out;
    }

    private static void writeSettings(Path file, Path run, RunSettings settings, Instant when, Map<String, String> steps) throws IOException {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        root.put("preset", settings.preset());
        root.put("run", run.toAbsolutePath().normalize().toString());
        root.put("generated", when.toString());
        ObjectNode s = root.putObject("settings");
        s.put("data", settings.data() == null ? null : settings.data().toAbsolutePath().normalize().toString());
        s.put("benchmark", settings.benchmark() == null ? null : settings.benchmark().toAbsolutePath().normalize().toString());
        s.put("ionas", settings.ionas());
        settings.machine().forEach(s::put);
        ObjectNode preset = root.putObject("presetSettings");
        for (Setting p : settings.presetSettings()) preset.put(p.key(), p.value());
        ArrayNode commands = root.putArray("commands");
        settings.commands().forEach(commands::add);
        ObjectNode st = root.putObject("steps");
        steps.forEach(st::put);
        AtomicFiles.write(file, RunFiles.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
    }
}
