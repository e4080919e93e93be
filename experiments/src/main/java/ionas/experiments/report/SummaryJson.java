package ionas.experiments.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code summary.json}: the {@link Summary} for scripts. Its shape is documented in the package
 * description ({@code package-info.java}); {@link #VERSION} goes up when a key changes meaning or
 * goes away, not when one is added.
 */
final class SummaryJson {
    static final String FORMAT = "ionas-report-summary";
    static final int VERSION = 1;

    private SummaryJson() {}

    static byte[] bytes(Summary s) throws IOException {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        RunSettings settings = s.settings();
        root.put("ionas", settings.ionas());
        root.put("generated", s.generated().toString());
        root.put("run", absolute(s.run()));
        root.put("data", absolute(settings.data()));
        root.put("benchmark", absolute(settings.benchmark()));
        ObjectNode preset = root.putObject("preset");
        preset.put("name", settings.preset());
        ObjectNode fields = preset.putObject("settings");
        for (Setting f : settings.presetSettings()) fields.put(f.key(), f.value());
        ObjectNode steps = root.putObject("steps");
        s.steps().forEach(steps::put);
        ObjectNode headlines = root.putObject("headlines");
        for (Headline h : s.headlines()) headline(headlines.putObject(h.id()), h);
        return RunFiles.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }

    private static void headline(ObjectNode o, Headline h) {
        o.put("title", h.title());
        o.put("measure", h.measure().key);
        o.put("better", h.measure().better());
        estimate(o.putObject("ours"), h.ours());
        reference(o, "published", h.published(), h);
        reference(o, "baseline", h.baseline(), h);
        o.put("verdict", h.verdict().label);
        o.put("basis", h.judgement().basis().key);
        o.put("why", h.judgement().why());
        ObjectNode extras = o.putObject("extras");
        for (Headline.Extra e : h.extras()) number(extras, e.key(), e.value());
        o.put("shown", h.prominence().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static void reference(ObjectNode parent, String name, Reference r, Headline h) {
        if (r == null) {
            parent.putNull(name);
            return;
        }
        ObjectNode o = parent.putObject(name);
        o.put("source", r.source());
        estimate(o, r.hasNumber() ? r.value() : Estimate.point(Double.NaN));
        if (r.hasNumber() && h.ours().present()) o.put("disjoint", h.ours().disjointFrom(r.value(), 0));
        else o.putNull("disjoint");
    }

    private static void estimate(ObjectNode o, Estimate e) {
        number(o, "value", e.value());
        number(o, "low", e.low());
        number(o, "high", e.high());
        o.put("interval", e.interval().key);
    }

    /** JSON has no NaN: a value not recorded is null. */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    private static String absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }
}
