package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.Device;

/**
 * cuda:0 emulated on the CPU, for tests: the real {@link CudaBackend} (argument packing, launch
 * geometry, allocator, everything but JCuda) over {@link EmulatedDeviceDriver}, which runs the
 * kernels' own source on the CPU emulator. A test installs it with {@link #register()} and
 * removes it with {@link #unregister()}.
 */
public final class EmulatedCuda {
    private static CudaBackend backend;

    private EmulatedCuda() {}

    /**
     * Why the emulated device cannot run here (no g++, no sources, or switched off with
     * {@code -Dionas.cuda.emu=off}, as on a GPU machine whose time is better spent on the GPU), or
     * null when it can.
     */
    public static String unavailableReason() {
        if ("off".equals(System.getProperty("ionas.cuda.emu"))) return "the emulated cuda:0 is switched off (-Dionas.cuda.emu=off)";
        return CudaEmulatorLibrary.unavailableReason();
    }

    /**
     * The backend of the emulated cuda:0, built on first use (compiling the kernel library takes
     * seconds the first time).
     *
     * @throws UnsupportedOperationException with {@link #unavailableReason()} where it cannot run
     */
    public static synchronized Backend backend() {
        if (backend == null) {
            CudaEmulatorLibrary lib = unavailableReason() == null ? CudaEmulatorLibrary.get() : null;
            if (lib == null) throw new UnsupportedOperationException("the emulated cuda:0 is not available: " + unavailableReason());
            backend = new CudaBackend(new CudaContext(Device.cuda(0), new EmulatedDeviceDriver(lib)));
        }
        return backend;
    }

    /**
     * Registers the emulated backend as cuda:0 for the calling test, so that {@code x.to(cuda:0)}
     * lands there too, and returns it; skips the test (an assumption) where the emulator cannot run.
     */
    public static CudaBackend register() {
        String emulator = unavailableReason();
        assumeTrue(emulator == null, "no emulator: " + emulator);
        CudaBackend gpu = (CudaBackend) backend();
        Backends.registerCuda(gpu);
        return gpu;
    }

    /** Undoes {@link #register()}: cuda:0 is the real device's again. */
    public static void unregister() {
        Backends.registerCuda(null);
    }
}
