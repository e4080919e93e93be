package ionas.tensor;

/**
 * Makes the backends of one type of device. The backends depend on this package, so this package
 * must not name them back: each backend module lists its provider in
 * {@code META-INF/services/ionas.tensor.BackendProvider} and {@link Backends} finds it with
 * {@link java.util.ServiceLoader}. An implementation needs a public no-argument constructor and
 * must stay cheap to construct: every provider is created when {@link Backends} is first used,
 * on machines without its device too, so it should touch its device only in {@link #backend}.
 */
public interface BackendProvider {
    /** The type of device whose backends this makes. */
    Device.Type type();

    /**
     * The backend of device {@code index} of {@link #type()}, created on first use and the same
     * object afterwards.
     *
     * @throws UnsupportedOperationException when that device cannot be used here, with the reason
     */
    Backend backend(int index);
}
