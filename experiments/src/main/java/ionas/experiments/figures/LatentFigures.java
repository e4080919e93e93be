package ionas.experiments.figures;

import ionas.experiments.plot.Plots;
import ionas.experiments.plot.Series;
import ionas.nas.arch2vec.LatentMaps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** arch2vec's Figures 4 and 5 for our embeddings: 2-d maps coloured by validation accuracy, and L2 distance against edit distance. */
public final class LatentFigures {
    private LatentFigures() {}

    /** The files {@link #write} makes for an embedding labelled {@code label}, and the one they share. */
    public static String pcaName(String label) {
        return "latent-pca-" + label + ".png";
    }

    public static String tsneName(String label) {
        return "latent-tsne-" + label + ".png";
    }

    public static final String DISTANCE = "latent-distance.png";

    /** One embedding's maps of the sampled cells: PCA and t-SNE coordinates (n x 2) and the cells' validation accuracies. */
    public record Maps(double[][] pca, double[][] tsne, double[] accuracy) {}

    public static List<Path> write(Path dir, Map<String, Maps> maps, Map<String, List<LatentMaps.Distances>> distances) throws IOException {
        List<Path> files = new ArrayList<>();
        for (var e : maps.entrySet()) {
            Maps m = e.getValue();
            files.add(scatter(dir.resolve(pcaName(e.getKey())), "PCA of " + m.accuracy().length + " cells' " + e.getKey() + " embeddings", "PC 1", "PC 2",
                    m.pca(), m.accuracy()));
            files.add(scatter(dir.resolve(tsneName(e.getKey())), "t-SNE of " + m.accuracy().length + " cells' " + e.getKey() + " embeddings",
                    "t-SNE 1", "t-SNE 2", m.tsne(), m.accuracy()));
        }
        List<Series> lines = new ArrayList<>();
        distances.forEach((label, ds) -> lines.add(Series.withBand(label, ds.stream().mapToDouble(LatentMaps.Distances::editDistance).toArray(),
                ds.stream().mapToDouble(LatentMaps.Distances::mean).toArray(), ds.stream().mapToDouble(d -> d.mean() - d.sd()).toArray(),
                ds.stream().mapToDouble(d -> d.mean() + d.sd()).toArray())));
        Path d = dir.resolve(DISTANCE);
        Plots.line(d, "L2 distance of embeddings against edit distance (mean +- sd)", "edit distance (arch2vec's vertex order)",
                "L2 distance", lines);
        files.add(d);
        return files;
    }

    private static Path scatter(Path png, String title, String xLabel, String yLabel, double[][] xy, double[] accuracy) throws IOException {
        double[] x = new double[xy.length], y = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            x[i] = xy[i][0];
            y[i] = xy[i][1];
        }
        Plots.scatter(png, title, xLabel, yLabel, x, y, accuracy, "val. acc.");
        return png;
    }
}
