package ionas.nas.predict.encoding;

import java.util.List;
import java.util.function.Predicate;

/** The one error every encoding gives for hashes it has no features for. */
final class MissingCells {
    private MissingCells() {}

    /**
     * Throws when {@code has} is false for any hash: how many of how many are missing from
     * {@code source}, with the first such hash as an example.
     */
    static void check(String source, List<String> hashes, Predicate<String> has) {
        int missing = 0;
        String example = null;
        for (String h : hashes) {
            if (!has.test(h)) {
                missing++;
                if (example == null) example = h;
            }
        }
        if (missing > 0)
            throw new IllegalArgumentException(missing + " of " + hashes.size() + " cells are missing from " + source + " (e.g. " + example + ")");
    }
}
