package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentMapsTest {
    /** Points on an ellipse in a tilted plane of 16-d: PCA recovers the two semi-axes (3 and 1) as its coordinates' spreads. */
    @Test
    void pcaFindsThePlaneAndOrdersTheAxesByVariance() {
        int n = 400;
        float[][] p = new float[n][16];
        double s = Math.sqrt(0.5);
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n, a = 3 * Math.cos(t), b = Math.sin(t);
            // axis 1 along (e0 + e1)/sqrt2, axis 2 along e5, plus an offset
            p[i][0] = (float) (a * s + 7);
            p[i][1] = (float) (a * s);
            p[i][5] = (float) (b - 2);
        }
        double[][] m = LatentMaps.pca(p);
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            assertEquals(3 * Math.cos(t), Math.abs(m[i][0]) * Math.signum(Math.cos(t)), 1e-4, "point " + i);
            assertEquals(Math.abs(Math.sin(t)), Math.abs(m[i][1]), 1e-4, "point " + i);
        }
    }

    @Test
    void editDistanceCountsDifferingEntriesAndOpRows() {
        Arch2VecEncoding chain = Arch2VecEncoding.encode(CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output"));
        Arch2VecEncoding skip = Arch2VecEncoding.encode(CellSpec.of(new int[][] {{0, 1, 1}, {0, 0, 1}, {0, 0, 0}}, "input", "conv1x1-bn-relu", "output"));
        assertEquals(0, chain.editDistance(chain));
        assertEquals(2, chain.editDistance(skip), "one edge and one op");
        Arch2VecEncoding direct = Arch2VecEncoding.encode(CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output"));
        // 0->1 and 1->2 against 0->1: one edge fewer; vertex 1 output vs conv3x3, vertex 2 padding vs output
        assertEquals(3, chain.editDistance(direct));
    }

    @Test
    void distancesAreGroupedByEditDistance() {
        Arch2VecEncoding a = Arch2VecEncoding.encode(CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output"));
        Arch2VecEncoding b = Arch2VecEncoding.encode(CellSpec.of(new int[][] {{0, 1, 1}, {0, 0, 1}, {0, 0, 0}}, "input", "conv1x1-bn-relu", "output"));
        float[][] points = {{0, 0}, {3, 4}};
        List<LatentMaps.Distances> d = LatentMaps.byEditDistance(points, new Arch2VecEncoding[] {a, b}, 50, 1);
        assertEquals(1, d.size());
        assertEquals(new LatentMaps.Distances(2, 50, 5.0, 0.0), d.getFirst());
        assertThrows(IllegalArgumentException.class, () -> LatentMaps.byEditDistance(points, new Arch2VecEncoding[] {a}, 5, 1));
    }

    @Test
    void tsneKeepsTwoFarApartClustersApart() {
        float[][] p = new float[200][4];
        for (int i = 0; i < 200; i++) {
            p[i][0] = (i < 100 ? 0 : 50) + (float) Math.sin(i);
            p[i][1] = (float) Math.cos(3 * i);
        }
        double[][] m = LatentMaps.tsne(p, 1);
        for (int i = 0; i < 200; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 200; j++) {
                double d = Math.hypot(m[i][0] - m[j][0], m[i][1] - m[j][1]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            assertEquals(i < 100, nearest < 100, "point " + i + "'s nearest neighbour on the map, " + nearest + ", is in the other cluster");
        }
    }
}
