package ionas.experiments.cli;

import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.space.CellKind;
import ionas.nas.space.GraphLayout;
import java.util.Locale;

/** The search spaces a command's {@code --space} names. */
enum SpaceName {
    NB101(Nb101Cells.KIND),
    NB201(Nb201Space.INSTANCE);

    private final CellKind<?> kind;

    SpaceName(CellKind<?> kind) {
        this.kind = kind;
    }

    /** {@code nb101} or {@code nb201}, in any case. */
    static SpaceName of(String name) {
        for (SpaceName s : values()) if (s.toString().equalsIgnoreCase(name.strip())) return s;
        throw new IllegalArgumentException("unknown --space '" + name + "': expected nb101 or nb201");
    }

    /** The space's name in outputs, such as {@code NAS-Bench-201}. */
    String title() {
        return kind.name();
    }

    /** The sizes of arch2vec's graphs of the space's cells. */
    GraphLayout layout() {
        return kind.encoding().layout();
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
