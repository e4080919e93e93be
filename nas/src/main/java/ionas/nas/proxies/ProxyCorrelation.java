package ionas.nas.proxies;

/**
 * How one proxy ranks cells against their accuracy: Spearman's rho and Kendall's tau-b over
 * {@code cells} cells, each with a 95% percentile-bootstrap interval.
 */
public record ProxyCorrelation(String proxy, int cells, double spearman, double spearmanLow, double spearmanHigh,
                               double kendall, double kendallLow, double kendallHigh) {}
