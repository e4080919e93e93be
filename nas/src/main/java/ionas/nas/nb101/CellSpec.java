package ionas.nas.nb101;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NAS-Bench-101 cell: a DAG of at most 7 vertices given by a strictly upper-triangular 0/1
 * adjacency matrix (edge i -> j iff {@code matrix[i][j] == 1}) and one op per vertex, the first
 * {@code input} and the last {@code output}.
 *
 * <p>The constructor checks the structure (square, upper triangular, op count, input and output
 * at the ends); {@link #pruned()} removes vertices that are not on a path from input to output, as
 * NAS-Bench-101's ModelSpec does; {@link #checkInSpace()} checks the benchmark's limits.
 */
public record CellSpec(int[][] matrix, List<CellOp> ops) {
    public static final int MAX_VERTICES = 7, MAX_EDGES = 9;

    public CellSpec {
        int v = matrix.length;
        if (v < 2) throw new IllegalArgumentException("cell: needs at least 2 vertices (input and output), got " + v);
        matrix = Arrays.stream(matrix).map(int[]::clone).toArray(int[][]::new);
        ops = List.copyOf(ops);
        for (int i = 0; i < v; i++) {
            if (matrix[i].length != v)
                throw new IllegalArgumentException("cell: the adjacency matrix is not square (row " + i + " has " + matrix[i].length + " entries, expected " + v + ")");
            for (int j = 0; j < v; j++) {
                int e = matrix[i][j];
                if (e != 0 && e != 1) throw new IllegalArgumentException("cell: adjacency entry [" + i + "][" + j + "] is " + e + ", not 0 or 1");
                if (e == 1 && j <= i)
                    throw new IllegalArgumentException("cell: the adjacency matrix is not upper triangular (edge " + i + " -> " + j + ")");
            }
        }
        if (ops.size() != v) throw new IllegalArgumentException("cell: " + ops.size() + " ops for " + v + " vertices");
        if (ops.get(0) != CellOp.INPUT) throw new IllegalArgumentException("cell: the first vertex must be input, not " + ops.get(0).label());
        if (ops.get(v - 1) != CellOp.OUTPUT) throw new IllegalArgumentException("cell: the last vertex must be output, not " + ops.get(v - 1).label());
        for (int i = 1; i < v - 1; i++) {
            if (!ops.get(i).isInterior())
                throw new IllegalArgumentException("cell: interior vertex " + i + " is labelled " + ops.get(i).label());
        }
    }

    /** A spec from op names as NAS-Bench-101 writes them. */
    public static CellSpec of(int[][] matrix, String... ops) {
        return new CellSpec(matrix, Arrays.stream(ops).map(CellOp::parse).toList());
    }

    public int vertices() {
        return matrix.length;
    }

    public boolean edge(int from, int to) {
        return matrix[from][to] == 1;
    }

    public int edgeCount() {
        int n = 0;
        for (int[] row : matrix) for (int e : row) n += e;
        return n;
    }

    /** A copy of the adjacency matrix. */
    @Override
    public int[][] matrix() {
        return Arrays.stream(matrix).map(int[]::clone).toArray(int[][]::new);
    }

    /**
     * The cell without the vertices that lie on no input-to-output path; throws when the input is
     * not connected to the output at all.
     */
    public CellSpec pruned() {
        int v = vertices();
        boolean[] fromInput = reach(0, true), toOutput = reach(v - 1, false);
        if (!fromInput[v - 1])
            throw new IllegalArgumentException("cell: the input is not connected to the output");
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < v; i++) if (fromInput[i] && toOutput[i]) keep.add(i);
        if (keep.size() == v) return this;
        int[][] m = new int[keep.size()][keep.size()];
        List<CellOp> o = new ArrayList<>();
        for (int a = 0; a < keep.size(); a++) {
            o.add(ops.get(keep.get(a)));
            for (int b = 0; b < keep.size(); b++) m[a][b] = matrix[keep.get(a)][keep.get(b)];
        }
        return new CellSpec(m, o);
    }

    private boolean[] reach(int start, boolean forward) {
        int v = vertices();
        boolean[] seen = new boolean[v];
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(start);
        seen[start] = true;
        while (!stack.isEmpty()) {
            int x = stack.pop();
            for (int y = 0; y < v; y++) {
                boolean e = forward ? matrix[x][y] == 1 : matrix[y][x] == 1;
                if (e && !seen[y]) {
                    seen[y] = true;
                    stack.push(y);
                }
            }
        }
        return seen;
    }

    /** Throws, naming the rule, unless the pruned cell is inside NAS-Bench-101's space. */
    public CellSpec checkInSpace() {
        CellSpec p = pruned();
        if (p.vertices() > MAX_VERTICES)
            throw new IllegalArgumentException("cell: " + p.vertices() + " vertices after pruning, more than " + MAX_VERTICES);
        if (p.edgeCount() > MAX_EDGES)
            throw new IllegalArgumentException("cell: " + p.edgeCount() + " edges after pruning, more than " + MAX_EDGES);
        return p;
    }

    /**
     * The NAS-Bench-101 key of this cell: {@link GraphHash#of} of the pruned cell, a 32-digit
     * lowercase md5 hex string. Throws when the input is not connected to the output.
     */
    public String hash() {
        return GraphHash.of(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellSpec c && Arrays.deepEquals(matrix, c.matrix) && ops.equals(c.ops);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(matrix) + ops.hashCode();
    }

    @Override
    public String toString() {
        return "CellSpec(matrix=" + Arrays.deepToString(matrix) + ", ops=" + ops.stream().map(CellOp::label).toList() + ")";
    }
}
