package ionas.autograd;

/**
 * What a backward pass does with the graph it walks, as PyTorch's {@code retain_graph} and
 * {@code create_graph}:
 *
 * <ul>
 *   <li>{@link #FREE_GRAPH}: the ops drop what they saved as backward passes them, and device memory
 *       of gradients goes back as soon as they are passed on; a second backward through the same
 *       graph fails. The default, and what training does every step.
 *   <li>{@link #RETAIN_GRAPH}: the ops keep what they saved, so backward can run again.
 *   <li>{@link #CREATE_GRAPH}: the gradients are computed with ops that are themselves recorded, so a
 *       gradient can be differentiated again (a Hessian-vector product, GraSP). The graph is
 *       retained too, as the new graph reads what the old one saved.
 * </ul>
 */
public enum BackwardMode {
    FREE_GRAPH, RETAIN_GRAPH, CREATE_GRAPH;

    boolean retainsGraph() {
        return this != FREE_GRAPH;
    }

    boolean createsGraph() {
        return this == CREATE_GRAPH;
    }
}
