package ionas.experiments.cli;

import ionas.nas.nb101.space.Nb101Encoding;
import ionas.nas.nb201.Nb201GraphEncoding;
import ionas.nas.space.GraphLayout;
import java.util.Locale;

/** The search spaces a command's {@code --space} names. */
enum SpaceName {
    NB101("NAS-Bench-101", Nb101Encoding.LAYOUT),
    NB201("NAS-Bench-201", Nb201GraphEncoding.LAYOUT);

    private final String title;
    private final GraphLayout layout;

    SpaceName(String title, GraphLayout layout) {
        this.title = title;
        this.layout = layout;
    }

    /** {@code nb101} or {@code nb201}, in any case. */
    static SpaceName of(String name) {
        for (SpaceName s : values()) if (s.toString().equalsIgnoreCase(name.strip())) return s;
        throw new IllegalArgumentException("unknown --space '" + name + "': expected nb101 or nb201");
    }

    /** The space's name in outputs, such as {@code NAS-Bench-201}. */
    String title() {
        return title;
    }

    /** The sizes of arch2vec's graphs of the space's cells. */
    GraphLayout layout() {
        return layout;
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
