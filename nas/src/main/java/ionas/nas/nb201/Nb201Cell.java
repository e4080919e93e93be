package ionas.nas.nb201;

import java.util.ArrayList;
import java.util.List;

/**
 * One NAS-Bench-201 cell: a fixed DAG of 4 nodes in which every node j sums its inputs, node i's
 * output after edge (i, j)'s operation, for all i &lt; j. A cell is its 6 edge operations, listed in
 * the order of the benchmark's architecture string
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}: edges (0,1), (0,2), (1,2), (0,3), (1,3), (2,3).
 *
 * <p><b>Identity.</b> The benchmark indexes all 5^6 = 15,625 strings and trains each, isomorphic
 * or not, so a cell's identity is its string (equivalently {@link #ordinal()}); no graph hash is
 * involved, unlike NAS-Bench-101.
 */
public record Nb201Cell(List<Nb201Op> edges) {
    /** Nodes of the cell: the input (0), two intermediate nodes and the output (3). */
    public static final int NODES = 4;
    /** Edges of the cell: every pair i &lt; j of {@link #NODES}. */
    public static final int EDGES = NODES * (NODES - 1) / 2;
    /** The number of distinct cells: {@link Nb201Op}'s 5 choices on each of the {@link #EDGES} edges. */
    public static final int SPACE_SIZE = pow(Nb201Op.values().length, EDGES);

    public Nb201Cell {
        edges = List.copyOf(edges);
        if (edges.size() != EDGES) throw new IllegalArgumentException("a NAS-Bench-201 cell has " + EDGES + " edges, not " + edges.size());
    }

    /** The source node of edge {@code e} (in string order). */
    public static int from(int e) {
        return switch (e) {
            case 0, 1, 3 -> 0;
            case 2, 4 -> 1;
            case 5 -> 2;
            default -> throw new IndexOutOfBoundsException("edge " + e + " of " + EDGES);
        };
    }

    /** The target node of edge {@code e} (in string order). */
    public static int to(int e) {
        if (e < 0 || e >= EDGES) throw new IndexOutOfBoundsException("edge " + e + " of " + EDGES);
        return e == 0 ? 1 : e <= 2 ? 2 : 3;
    }

    public Nb201Op edge(int e) {
        return edges.get(e);
    }

    /**
     * Parses a benchmark architecture string. Every edge must name its source node, and in the
     * order the benchmark writes them, so a string that differs from the canonical one in any way
     * is refused rather than silently read as another cell.
     */
    public static Nb201Cell parse(String arch) {
        String s = arch.strip();
        String[] nodes = s.split("\\+", -1);
        if (nodes.length != NODES - 1) throw bad(arch, "it has " + nodes.length + " node groups separated by '+', not " + (NODES - 1));
        List<Nb201Op> ops = new ArrayList<>(EDGES);
        for (int j = 1; j < NODES; j++) {
            String group = nodes[j - 1];
            if (!group.startsWith("|") || !group.endsWith("|") || group.length() < 2) throw bad(arch, "node " + j + "'s group '" + group + "' is not |op~i|...|");
            String[] parts = group.substring(1, group.length() - 1).split("\\|", -1);
            if (parts.length != j) throw bad(arch, "node " + j + " has " + parts.length + " inputs, not " + j);
            for (int i = 0; i < j; i++) {
                int tilde = parts[i].lastIndexOf('~');
                if (tilde < 0) throw bad(arch, "'" + parts[i] + "' is not op~" + i);
                if (!parts[i].substring(tilde + 1).equals(Integer.toString(i)))
                    throw bad(arch, "node " + j + "'s input " + i + " is written '" + parts[i] + "', not op~" + i);
                try {
                    ops.add(Nb201Op.parse(parts[i].substring(0, tilde)));
                } catch (IllegalArgumentException e) {
                    throw bad(arch, e.getMessage());
                }
            }
        }
        return new Nb201Cell(ops);
    }

    /** The cell numbered {@code ordinal} in base 5, edge 0 the most significant digit (0 .. {@link #SPACE_SIZE}-1). */
    public static Nb201Cell ofOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= SPACE_SIZE) throw new IllegalArgumentException("ordinal " + ordinal + " is outside 0.." + (SPACE_SIZE - 1));
        Nb201Op[] all = Nb201Op.values();
        Nb201Op[] ops = new Nb201Op[EDGES];
        for (int e = EDGES - 1; e >= 0; e--, ordinal /= all.length) ops[e] = all[ordinal % all.length];
        return new Nb201Cell(List.of(ops));
    }

    /** This cell's number in base 5 (see {@link #ofOrdinal}); not the benchmark's index, which follows its own order. */
    public int ordinal() {
        int n = 0;
        for (Nb201Op op : edges) n = n * Nb201Op.values().length + op.ordinal();
        return n;
    }

    /** The benchmark's architecture string, e.g. {@code |nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        int e = 0;
        for (int j = 1; j < NODES; j++) {
            if (j > 1) b.append('+');
            b.append('|');
            for (int i = 0; i < j; i++, e++) b.append(edges.get(e).label()).append('~').append(i).append('|');
        }
        return b.toString();
    }

    private static IllegalArgumentException bad(String arch, String why) {
        return new IllegalArgumentException("not a NAS-Bench-201 architecture string: '" + arch + "': " + why);
    }

    private static int pow(int base, int exp) {
        int r = 1;
        for (int i = 0; i < exp; i++) r *= base;
        return r;
    }
}
