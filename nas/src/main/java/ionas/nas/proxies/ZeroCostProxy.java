package ionas.nas.proxies;

/** One zero-cost proxy: a score of a freshly initialised network on one minibatch. */
public interface ZeroCostProxy {
    /** The proxy's column in {@code proxies.csv}, as Abdelfattah et al. name it ({@code grad_norm}, {@code snip}, ...). */
    String name();

    /** The score of the network that {@code input} builds, on its minibatch. */
    double score(ProxyInput input);
}
