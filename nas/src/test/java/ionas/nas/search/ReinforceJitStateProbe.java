package ionas.nas.search;

import ionas.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A few short REINFORCE runs on a synthetic table, digested: per seed, a CRC of the cells the
 * search queried and a CRC of the bits of every weight of the policy it trained. Run in a JVM
 * that never compiles ({@code -Xint}) by {@link ReinforceJitStateTest}, which compares with its
 * own, compiled, digests.
 */
public final class ReinforceJitStateProbe {
    private ReinforceJitStateProbe() {}

    /** Budget for about 60 queries: four episodes of the policy. */
    static final double BUDGET = 60;

    static Map<String, Long> digests() {
        SearchTable table = SearchFixtures.slope(300, 16, 1);
        Reinforce reinforce = new Reinforce(Reinforce.ARCH2VEC.withBudget(BUDGET));
        Map<String, Long> out = new LinkedHashMap<>();
        for (int seed = 1; seed <= 2; seed++) {
            Reinforce.Run run = reinforce.runKeepingPolicy(table, seed);
            CRC32 cells = new CRC32();
            for (int c : run.trace().cells()) cells.update(c);
            out.put("seed" + seed + ".cells", cells.getValue());
            CRC32 weights = new CRC32();
            for (Parameter p : run.policy().parameters()) {
                for (float v : p.data().toFloatArray()) weights.update(Float.floatToRawIntBits(v));
            }
            out.put("seed" + seed + ".policy", weights.getValue());
        }
        return out;
    }

    public static void main(String[] args) {
        digests().forEach((k, v) -> System.out.println(k + " " + v));
    }
}
