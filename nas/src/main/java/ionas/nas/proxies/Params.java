package ionas.nas.proxies;

/** {@code params}: the network's learnable values (convolutions, batch norms, the dense layer), as NAS-Bench-101's {@code trainable_parameters}. */
public final class Params implements ZeroCostProxy {
    @Override
    public String name() {
        return "params";
    }

    @Override
    public double score(ProxyInput input) {
        return input.network().get().parameterCount();
    }
}
