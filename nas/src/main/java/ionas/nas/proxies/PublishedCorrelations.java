package ionas.nas.proxies;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The anchor: |Spearman's rho| of each proxy with test accuracy over all 423,624 NAS-Bench-101
 * cells, as Abdelfattah et al. 2021 ("Zero-Cost Proxies for Lightweight NAS", ICLR, Table 2,
 * NAS-Bench-101 column) report them. params, flops and nwot have no value there.
 */
public final class PublishedCorrelations {
    private PublishedCorrelations() {}

    /** The cells they scored. */
    public static final int CELLS = 423_624;

    private static final Map<String, Double> ABS_SPEARMAN = Map.of(
            "grad_norm", 0.20, "snip", 0.16, "grasp", 0.45, "fisher", 0.26, "synflow", 0.37, "jacob_cov", 0.38);

    /** The published |rho| of proxy {@code name}, if there is one. */
    public static OptionalDouble absSpearman(String name) {
        Double v = ABS_SPEARMAN.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
