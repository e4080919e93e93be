package ionas.tensor;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the backend of a device.
 *
 * <p>The backends register themselves through {@link BackendProvider} and {@link ServiceLoader}
 * ({@code META-INF/services/ionas.tensor.BackendProvider} in the tensor jar), so that this
 * device-neutral package does not import the CPU and CUDA packages that import it. ServiceLoader
 * was chosen over registration from the backend classes' static initialisers because nothing
 * would load those classes before the first {@link #of} asks for them. The fat jars of the
 * experiments and benchmarks modules keep the services file through the shade plugin's
 * {@code ServicesResourceTransformer}.
 */
public final class Backends {
    private Backends() {}

    /** One provider per device type, found once with this class's own class loader. */
    private static final Map<Device.Type, BackendProvider> PROVIDERS = loadProviders();

    private static volatile Backend cuda;

    /** The CPU backend, looked up once: {@link #cpu()} is called on hot paths. */
    private static final class Cpu {
        static final Backend BACKEND = provider(Device.Type.CPU).backend(0);
    }

    public static Backend cpu() {
        return Cpu.BACKEND;
    }

    public static Backend of(Device device) {
        return switch (device.type()) {
            case CPU -> Cpu.BACKEND;
            case CUDA -> {
                Backend b = cuda;
                // a registered backend (tests) wins; otherwise the GPU's own, created on first use,
                // or an UnsupportedOperationException with the CUDA probe's reason
                yield b != null ? b : provider(Device.Type.CUDA).backend(device.index());
            }
        };
    }

    /** Installs a CUDA backend in place of the CUDA provider's (for tests); null restores the default. */
    public static void registerCuda(Backend backend) {
        cuda = backend;
    }

    private static BackendProvider provider(Device.Type type) {
        BackendProvider p = PROVIDERS.get(type);
        if (p == null)
            throw new IllegalStateException("no backend for " + type + " devices: no " + BackendProvider.class.getName()
                    + " for it in META-INF/services on the class path (a fat jar built without the shade plugin's"
                    + " ServicesResourceTransformer?)");
        return p;
    }

    private static Map<Device.Type, BackendProvider> loadProviders() {
        Map<Device.Type, BackendProvider> providers = new EnumMap<>(Device.Type.class);
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            BackendProvider other = providers.putIfAbsent(p.type(), p);
            // two providers for one device type would make the choice depend on class-path order
            if (other != null && other.getClass() != p.getClass())
                throw new IllegalStateException("two backends for " + p.type() + " devices: "
                        + other.getClass().getName() + " and " + p.getClass().getName());
        }
        return providers;
    }
}
