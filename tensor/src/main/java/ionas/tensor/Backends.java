package ionas.tensor;

import ionas.tensor.cpu.CpuBackend;
import ionas.tensor.cuda.CudaBackend;

/** Finds the backend of a device. */
public final class Backends {
    private Backends() {}

    private static volatile Backend cuda;

    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    public static Backend of(Device device) {
        return switch (device.type()) {
            case CPU -> CpuBackend.INSTANCE;
            case CUDA -> {
                Backend b = cuda;
                // a registered backend (tests) wins; otherwise the GPU's own, created on first use,
                // or an UnsupportedOperationException with the CUDA probe's reason
                yield b != null ? b : CudaBackend.forDevice(device.index());
            }
        };
    }

    /** Installs a CUDA backend in place of {@link CudaBackend#forDevice} (for tests); null restores the default. */
    public static void registerCuda(Backend backend) {
        cuda = backend;
    }
}
