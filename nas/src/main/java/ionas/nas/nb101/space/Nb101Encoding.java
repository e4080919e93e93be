package ionas.nas.nb101.space;

import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.nb101.CellSpec;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;

/** arch2vec's encoding of a NAS-Bench-101 cell ({@link Arch2VecEncoding}): 7 nodes, 5 op types, padded at the end. */
public enum Nb101Encoding implements GraphEncoding<CellSpec> {
    INSTANCE;

    /** 7 nodes (input, at most 5 operations, output) and arch2vec's 5 op types. */
    public static final GraphLayout LAYOUT = new GraphLayout(Arch2VecEncoding.NODES, Arch2VecEncoding.OP_COUNT);

    @Override
    public GraphLayout layout() {
        return LAYOUT;
    }

    @Override
    public EncodedGraph encode(CellSpec cell) {
        Arch2VecEncoding e = Arch2VecEncoding.encode(cell);
        return new EncodedGraph(LAYOUT, e.adjacencyFlat(), e.opsFlat());
    }
}
