package ionas.nas.spaces;

import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.space.CellKind;
import java.util.List;

/**
 * The spaces this build knows, by the name a run's files record ({@link CellKind#name()}): how a
 * pretrained network's folder or an IO dataset's manifest finds the kind that reads its cells.
 */
public final class KnownSpaces {
    /** Every known kind, NAS-Bench-101 first. */
    public static final List<CellKind<?>> ALL = List.of(Nb101Cells.KIND, Nb201Space.INSTANCE);

    private KnownSpaces() {}

    /**
     * The kind of the space named {@code name}.
     *
     * @throws IllegalArgumentException naming the known spaces when no space has that name
     */
    public static CellKind<?> named(String name) {
        for (CellKind<?> k : ALL) if (k.name().equals(name)) return k;
        throw new IllegalArgumentException("unknown search space '" + name + "': this build knows "
                + String.join(", ", ALL.stream().map(CellKind::name).toList()));
    }
}
