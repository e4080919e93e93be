package ionas.nas.nb101;

/**
 * How many channels each vertex of a cell has (NAS-Bench-101's compute_vertex_channels): the
 * output's channels are split evenly among the vertices that feed it (the first ones in index
 * order get one more when it does not divide), and every other interior vertex takes the largest
 * channel count among the vertices it feeds, so channels never grow along an edge.
 */
public final class VertexChannels {
    private VertexChannels() {}

    public static int[] compute(int inChannels, int outChannels, CellSpec cell) {
        int v = cell.vertices();
        int[] vc = new int[v];
        vc[0] = inChannels;
        vc[v - 1] = outChannels;
        if (v == 2) return vc;
        int intoOutput = 0; // edges into the output from interior vertices (the input's edge is projected)
        for (int s = 1; s < v; s++) if (cell.edge(s, v - 1)) intoOutput++;
        int interior = outChannels / intoOutput, correction = outChannels % intoOutput;
        for (int t = 1; t < v - 1; t++) {
            if (cell.edge(t, v - 1)) {
                vc[t] = interior;
                if (correction > 0) {
                    vc[t]++;
                    correction--;
                }
            }
        }
        for (int t = v - 3; t >= 1; t--) {
            if (!cell.edge(t, v - 1)) {
                for (int dst = t + 1; dst < v - 1; dst++) if (cell.edge(t, dst)) vc[t] = Math.max(vc[t], vc[dst]);
            }
        }
        for (int t = 1; t < v - 1; t++) {
            if (vc[t] <= 0) throw new IllegalStateException("cell: vertex " + t + " got " + vc[t] + " channels in " + cell);
        }
        return vc;
    }
}
