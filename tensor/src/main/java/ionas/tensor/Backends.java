package ionas.tensor;

import ionas.tensor.cpu.CpuBackend;

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
                if (b == null) {
                    throw new UnsupportedOperationException("device " + device
                            + " is not available: this build of ionas has no CUDA backend yet");
                }
                yield b;
            }
        };
    }

    /** Installs the CUDA backend; called by the CUDA module when it has found a GPU. */
    public static void registerCuda(Backend backend) {
        cuda = backend;
    }
}
