package ionas.nas.nb101.data;

import ionas.nas.nb101.CellSpec;
import java.util.Optional;

/**
 * The graph of a cell given its NAS-Bench-101 hash. Sources: the graphs stored in a record file
 * ({@link NasBench#graphs()}; the official TFRecord and nb101-1k.json have them, nb101-20k.json has
 * none) and the enumerated search space ({@link ionas.nas.nb101.SearchSpace#byHash}).
 */
@FunctionalInterface
public interface CellLookup {
    Optional<CellSpec> byHash(String hash);

    /** A lookup that knows no graph. */
    static CellLookup none() {
        return hash -> Optional.empty();
    }

    /** This lookup, then {@code other} for hashes this one does not know. */
    default CellLookup orElse(CellLookup other) {
        return hash -> {
            Optional<CellSpec> c = byHash(hash);
            return c.isPresent() ? c : other.byHash(hash);
        };
    }
}
