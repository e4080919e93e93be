package ionas.experiments.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The end of the report: the steps' status, how the run was made (preset, data, machine) and the commands that ran. */
final class SettingsSection {
    static final String ANCHOR = "settings", TITLE = "Settings and commands";

    private SettingsSection() {}

    static List<Block> blocks(Path run, RunSettings settings, Instant when, List<Section> sections) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, TITLE, ANCHOR));
        List<List<String>> steps = new ArrayList<>();
        for (Section s : sections) steps.add(List.of(s.title(), s.step() + "/", s.status()));
        blocks.add(new Block.Table("Pipeline steps of this run", List.of("step", "folder", "status"), steps));

        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("preset", settings.preset()));
        rows.add(List.of("run folder", run.toAbsolutePath().normalize().toString()));
        rows.add(List.of("data folder", settings.data() == null ? Fmt.NA : settings.data().toAbsolutePath().normalize().toString()));
        rows.add(List.of("benchmark records", settings.benchmark() == null ? Fmt.NA : settings.benchmark().toAbsolutePath().normalize().toString()));
        rows.add(List.of("ionas", settings.ionas()));
        rows.add(List.of("report written", when.toString()));
        settings.machine().forEach((k, v) -> rows.add(List.of(k, v)));
        blocks.add(new Block.Table("This run", List.of("setting", "value"), rows));

        if (!settings.presetSettings().isEmpty()) {
            List<List<String>> preset = new ArrayList<>();
            for (Setting s : settings.presetSettings()) preset.add(List.of(s.label(), s.value()));
            blocks.add(new Block.Table("Preset '" + settings.preset() + "'", List.of("setting", "value"), preset));
        }
        if (!settings.commands().isEmpty()) {
            blocks.add(new Block.Heading(3, "Commands", null));
            blocks.add(new Block.Paragraph("The steps as they ran, in order; each is an ordinary ionas command that can be rerun or sharded alone."));
            blocks.add(new Block.Code(settings.commands()));
        }
        return blocks;
    }
}
