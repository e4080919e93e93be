package ionas.experiments.report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run was made, as far as the run folder does not say it: the report prints these at its
 * end, and summary.json and settings.json record them.
 *
 * @param preset         the preset's name; only {@value ReportWriter#PAPER_PRESET} is compared number for number with published results
 * @param presetSettings the preset's fields, one row each, in the preset's order
 * @param data           the data folder, null when not known
 * @param benchmark      the NAS-Bench-101 records that search and prediction ran on, null when not
 *                       known; its name tells which records they were (see {@link BenchmarkVariant})
 * @param ionas          the ionas version that ran
 * @param commands       the command lines that ran, in order
 * @param machine        free-form facts about the machine: device, Java, cores
 */
public record RunSettings(String preset, List<Setting> presetSettings, Path data, Path benchmark, String ionas, List<String> commands,
                          Map<String, String> machine) {
    /** The preset setting that lists the extended model's epochs the run embedded the space after, e.g. "5, 10". */
    public static final String EMBED_EPOCHS = "embedEpochs";

    public RunSettings {
        presetSettings = List.copyOf(presetSettings);
        commands = List.copyOf(commands);
        machine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
    }

    /** A run known only by its preset's name (as when a report is written for a folder made by hand). */
    public static RunSettings of(String preset) {
        return new RunSettings(preset, List.of(), null, null, "unknown", List.of(), Map.of());
    }

    public RunSettings withBenchmark(Path file) {
        return new RunSettings(preset, presetSettings, data, file, ionas, commands, machine);
    }

    /** The preset's {@link #EMBED_EPOCHS}; empty when the report is not told them (a run folder made by hand). */
    List<Integer> embedEpochs() {
        return presetSettings.stream().filter(s -> s.key().equals(EMBED_EPOCHS)).findFirst()
                .map(s -> java.util.Arrays.stream(s.value().split(",")).map(String::strip).map(Integer::parseInt).toList()).orElse(List.of());
    }

    /** Whether the published numbers are expected to be matched at this preset. */
    boolean paperPreset() {
        return ReportWriter.PAPER_PRESET.equals(preset);
    }

    /** "tiny preset" etc., the start of a reason why a number cannot be set against a published one. */
    String presetInWords() {
        return "'" + preset + "' preset";
    }
}
