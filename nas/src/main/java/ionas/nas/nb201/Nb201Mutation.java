package ionas.nas.nb201;

import ionas.nas.random.PythonRandom;
import ionas.nas.space.CellMutation;
import java.util.ArrayList;
import java.util.List;

/**
 * NAS-Bench-201's mutation for regularized evolution (its {@code R_EA.py}, {@code mutate_arch}):
 * pick one of the 3 nodes, one of that node's inputs, and give that edge an operation drawn
 * uniformly until it differs from the current one. Every child is a cell of the space.
 */
public enum Nb201Mutation implements CellMutation<Nb201Cell> {
    INSTANCE;

    private static final Nb201Op[] OPS = Nb201Op.values();

    @Override
    public Children children(Nb201Cell parent, PythonRandom rng) {
        return r -> mutate(parent, r).toString();
    }

    /** One child, with {@code random.randint} and {@code random.choice} drawn as Python draws them. */
    public static Nb201Cell mutate(Nb201Cell parent, PythonRandom r) {
        int node = 1 + (int) r.randint(0, Nb201Cell.NODES - 2); // the benchmark's node groups 0..2 are nodes 1..3
        int input = (int) r.randint(0, node - 1);
        int edge = edgeIndex(input, node);
        Nb201Op op;
        do op = OPS[(int) r.randbelow(OPS.length)]; while (op == parent.edge(edge));
        List<Nb201Op> edges = new ArrayList<>(parent.edges());
        edges.set(edge, op);
        return new Nb201Cell(edges);
    }

    /** The string-order index of edge (from, to). */
    static int edgeIndex(int from, int to) {
        for (int e = 0; e < Nb201Cell.EDGES; e++) if (Nb201Cell.from(e) == from && Nb201Cell.to(e) == to) return e;
        throw new IllegalArgumentException("no edge " + from + " -> " + to + " in a NAS-Bench-201 cell");
    }
}
