package ionas.experiments.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headline results of a run, each beside what it is compared with and a verdict. The report's
 * "Results at a glance", {@code summary.json} ({@link SummaryJson}) and the lines {@code reproduce}
 * prints at its end ({@link #terminalLines}) are all made from this one model, so they cannot
 * disagree.
 *
 * @param settings  how the run was made
 * @param generated when the report was written
 * @param run       the run folder
 * @param reportDir the report folder
 * @param steps     each pipeline step's folder -> its status ("completed", "partial (...)", "not run"), in pipeline order
 * @param headlines in pipeline order
 */
public record Summary(RunSettings settings, Instant generated, Path run, Path reportDir, Map<String, String> steps, List<Headline> headlines) {
    /** The file name of the summary in the report folder. */
    public static final String FILE = "summary.json";

    public Summary {
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        headlines = List.copyOf(headlines);
    }

    /** The headline with this id, as in summary.json. */
    Optional<Headline> headline(String id) {
        return headlines.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** The steps that left nothing to report, by folder name. */
    List<String> notRun() {
        return steps.entrySet().stream().filter(e -> e.getValue().equals(Section.NOT_RUN)).map(Map.Entry::getKey).toList();
    }

    /**
     * A few lines for the end of {@code reproduce}: the most telling results with what they are
     * compared with and the verdict, then where the report is. The reasons are in the report.
     */
    public List<String> terminalLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Results (ours, compared with, verdict; the reasons are in the report):");
        for (Headline h : headlines) {
            if (h.prominence() != Headline.Prominence.TERMINAL) continue;
            String other = h.comparedText();
            // against an in-run baseline, "matches" means the published finding holds: say so where there is no room for the why
            String finding = h.judgement().basis() == Judgement.Basis.BASELINE && h.verdict() == Verdict.MATCHES ? " (the published finding holds)" : "";
            lines.add("  " + h.title() + ": " + h.ours().format(h.measure()) + (other.isEmpty() ? "" : " vs " + other) + " -> " + h.verdict().label + finding);
        }
        if (!notRun().isEmpty()) lines.add("  not run: " + String.join(", ", notRun()));
        lines.add("Report: " + reportDir.resolve("index.html").toAbsolutePath().normalize() + " (numbers for scripts: " + FILE + " beside it)");
        return lines;
    }
}
