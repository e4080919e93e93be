package ionas.nas.proxies;

import ionas.nn.Layer;

/**
 * {@code fisher} (Turner et al. 2020, as zero-cost-nas {@code fisher.py} computes it): for every
 * output channel k of a convolution or dense layer, with activation a (the layer's output) and its
 * gradient dL/da, g_nk = sum over positions of a dL/da for image n, and the channel's score is
 * 0.5 mean_n g_nk^2. zero-cost-nas then copies each channel's score to every weight of that channel
 * before the sum, so each channel counts once per weight of its filter (in k k for a convolution,
 * in for the dense layer); the same factor is applied here.
 */
public final class Fisher implements ZeroCostProxy {
    @Override
    public String name() {
        return "fisher";
    }

    @Override
    public double score(ProxyInput input) {
        LossPass pass = input.lossPass();
        double total = 0;
        // in layer order, so that the sum rounds the same in every run; a layer the loss does not reach scores 0, as in zero-cost-nas
        for (Layer layer : NetworkLayers.weighted(pass.network())) {
            double[] sums = pass.channelSums().get(layer);
            if (sums == null) continue;
            var w = NetworkLayers.weight(layer).data();
            total += channelScores(sums, input.batch()) * (w.numel() / w.size(0));
        }
        return total;
    }

    /** The sum over channels k of 0.5 mean_n g_nk^2, for (N, C) sums g. */
    private static double channelScores(double[] g, int n) {
        int c = g.length / n;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                double gnk = g[i * c + k];
                mean += gnk * gnk / n;
            }
            sum += 0.5 * mean;
        }
        return sum;
    }
}
