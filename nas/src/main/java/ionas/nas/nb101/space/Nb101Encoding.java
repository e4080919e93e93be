package ionas.nas.nb101.space;

import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.GraphHash;
import ionas.nas.space.DecodedGraph;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;

/** arch2vec's encoding of a NAS-Bench-101 cell ({@link Arch2VecEncoding}): 7 nodes, 5 op types, padded at the end. */
public enum Nb101Encoding implements GraphEncoding<CellSpec> {
    INSTANCE;

    /** 7 nodes (input, at most 5 operations, output) and arch2vec's 5 op types. */
    public static final GraphLayout LAYOUT = Arch2VecEncoding.LAYOUT;

    @Override
    public GraphLayout layout() {
        return LAYOUT;
    }

    @Override
    public EncodedGraph encode(CellSpec cell) {
        Arch2VecEncoding e = Arch2VecEncoding.encode(cell);
        return new EncodedGraph(LAYOUT, e.adjacencyFlat(), e.opsFlat());
    }

    /**
     * arch2vec's rule ({@code pretraining_nasbench101.py}, spec 3.7): valid when the whole 7-vertex
     * graph, pruned, is a NAS-Bench-101 cell ({@link Arch2VecEncoding#isValidSample}); the identity
     * is the graph hash of the <em>unpruned</em> graph with its labels, as arch2vec fingerprints it
     * (any one-to-one labelling gives the same count of distinct hashes).
     */
    @Override
    public String validKey(DecodedGraph graph) {
        if (!Arch2VecEncoding.isValidSample(graph.adjacency(), graph.labels())) return null;
        return GraphHash.hashModule(graph.adjacency(), graph.labels());
    }
}
