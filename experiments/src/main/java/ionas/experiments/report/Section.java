package ionas.experiments.report;

import java.util.List;

/**
 * One pipeline step as the report shows it.
 *
 * @param step      the step's folder in the run (e.g. {@code io-model}), also its name in {@link ReportWriter.Report#missing()}
 * @param title     the section heading
 * @param status    one line for the overview: "completed", "partial (3 of 30 epochs)", "not run"
 * @param ran       false when the step left nothing to report
 * @param blocks    the section's content, its heading first
 * @param headlines the step's results for the summary (results at a glance, summary.json)
 */
record Section(String step, String title, String status, boolean ran, List<Block> blocks, List<Headline> headlines) {
    static final String NOT_RUN = "not run";

    Section {
        blocks = List.copyOf(blocks);
        headlines = List.copyOf(headlines);
    }

    /** The section of a step that left no output: its heading and a note saying so. */
    static Section notRun(String step, String title, String expected) {
        return new Section(step, title, NOT_RUN, false, List.of(new Block.Heading(2, title, step),
                new Block.Note("Not run: " + expected + " is missing in the run folder.")), List.of());
    }
}
