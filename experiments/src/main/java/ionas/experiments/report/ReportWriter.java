package ionas.experiments.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the report of a pipeline run: {@code index.md}, a self-contained {@code index.html} with
 * its charts copied into {@code figures/}, and {@code settings.json}. Every number of ours is
 * printed beside the paper's and arch2vec's published number for the same quantity, and every
 * table names the variant that ran. A step that has not run (yet) is shown as "not run", so the
 * report can be written at any point of a run.
 *
 * <p>The run folder is the pipeline's: {@code pretrain/}, {@code io-dataset/}, {@code arch2vec/},
 * {@code io-model/}, {@code search/} and {@code predict/}, each as its command writes it.
 */
public final class ReportWriter {
    /** The preset the paper's numbers come from; a smaller one is not expected to match them. */
    public static final String PAPER_PRESET = "paper";

    private ReportWriter() {}

    /**
     * The files written.
     *
     * @param figures the charts copied into the report's {@code figures/}
     * @param missing the steps that have not run, by folder name (e.g. {@code search})
     */
    public record Report(Path markdown, Path html, List<Path> figures, List<String> missing) {
        public Report {
            figures = List.copyOf(figures);
            missing = List.copyOf(missing);
        }
    }

    /**
     * Writes the report of {@code run} into {@code reportDir} (created if missing; files already
     * there are replaced).
     *
     * @param run       the pipeline folder
     * @param preset    the preset name shown in the report
     * @param settings  free-form key -> value lines shown in a settings table (command lines run,
     *                  data folder, machine, Java version); a {@code benchmark} entry naming the
     *                  records file tells the search and prediction tables which variant ran
     * @throws IOException when a file of the run exists but cannot be read, or the report cannot be written
     */
    public static Report write(Path run, Path reportDir, String preset, Map<String, String> settings) throws IOException {
        Instant when = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Section> sections = List.of(PretrainSection.read(run), IoDatasetSection.read(run), Arch2VecSection.read(run),
                IoModelSection.read(run), SearchSection.read(run, settings), PredictSection.read(run, settings));

        List<Block> blocks = new ArrayList<>(intro(run, preset, settings, when, sections));
        for (Section s : sections) blocks.addAll(s.blocks());

        Path figuresDir = reportDir.resolve("figures");
        List<Path> figures = new ArrayList<>();
        for (Block b : blocks) {
            if (b instanceof Block.Figure f) {
                Path target = figuresDir.resolve(f.name());
                AtomicFiles.write(target, Files.readAllBytes(f.source()));
                figures.add(target);
            }
        }
        String title = "ionas reproduction report: " + preset;
        Path markdown = reportDir.resolve("index.md"), html = reportDir.resolve("index.html");
        AtomicFiles.writeString(markdown, MarkdownRenderer.render(title, blocks));
        AtomicFiles.writeString(html, HtmlRenderer.render(title, blocks));
        writeSettings(reportDir.resolve("settings.json"), run, preset, settings, when, sections);
        List<String> missing = sections.stream().filter(s -> !s.ran()).map(Section::step).toList();
        return new Report(markdown, html, figures, missing);
    }

    private static List<Block> intro(Path run, String preset, Map<String, String> settings, Instant when, List<Section> sections) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph("Results of the ionas pipeline run in " + run.toAbsolutePath().normalize() + " with preset '" + preset
                + "', generated " + when + ". ionas reimplements \"Graph Embedding for NAS with Input-Output Information\" (the paper), "
                + "which extends arch2vec (Yan et al., NeurIPS 2020), on NAS-Bench-101 and CIFAR-10. Each of our numbers is printed "
                + "beside the paper's and arch2vec's published numbers for the same quantity; each table's caption says which variant ran."));
        if (!PAPER_PRESET.equals(preset))
            blocks.add(new Block.Note("Preset '" + preset + "' is smaller than '" + PAPER_PRESET + "' (fewer networks, epochs, images or runs): "
                    + "its numbers show that the pipeline works end to end and are not expected to match the published ones."));
        blocks.add(new Block.Heading(2, "Steps and settings", "overview"));
        List<List<String>> steps = new ArrayList<>();
        for (Section s : sections) steps.add(List.of(s.title(), s.step() + "/", s.status()));
        blocks.add(new Block.Table("Pipeline steps of this run", List.of("step", "folder", "status"), steps));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("preset", preset));
        rows.add(List.of("run folder", run.toAbsolutePath().normalize().toString()));
        settings.forEach((k, v) -> rows.add(List.of(k, v)));
        blocks.add(new Block.Table("Settings of this run", List.of("setting", "value"), rows));
        return blocks;
    }

    private static void writeSettings(Path file, Path run, String preset, Map<String, String> settings, Instant when, List<Section> sections)
            throws IOException {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        root.put("preset", preset);
        root.put("run", run.toAbsolutePath().normalize().toString());
        root.put("generated", when.toString());
        ObjectNode s = root.putObject("settings");
        new LinkedHashMap<>(settings).forEach(s::put);
        ObjectNode steps = root.putObject("steps");
        for (Section sec : sections) steps.put(sec.step(), sec.status());
        AtomicFiles.write(file, RunFiles.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
    }
}
