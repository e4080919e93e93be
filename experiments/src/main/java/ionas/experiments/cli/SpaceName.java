package ionas.experiments.cli;

import java.util.Locale;

/** The search spaces a command's {@code --space} names. */
enum SpaceName {
    NB101("NAS-Bench-101"),
    NB201("NAS-Bench-201");

    private final String title;

    SpaceName(String title) {
        this.title = title;
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

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
