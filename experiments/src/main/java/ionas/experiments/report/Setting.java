package ionas.experiments.report;

/**
 * One setting of a run, e.g. a field of the reproduce preset.
 *
 * @param key   its stable name in summary.json and settings.json (a preset's field name)
 * @param label what it is, for people: "networks pretrained from arch2vec's training split"
 * @param value its value as text: "608", "10, 30"
 */
public record Setting(String key, String label, String value) {}
