package ionas.tensor.testing;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.cpu.CpuBackend;
import ionas.tensor.cuda.EmulatedCuda;
import java.util.stream.Stream;

/**
 * A device a test suite runs on. The suites of the tensor, autograd and nn modules run each case on
 * these (see {@link OnEachDevice}):
 *
 * <ul>
 *   <li>{@code cpu}, the reference;
 *   <li>{@code cuda:0 simulated on the cpu}: the CPU's float32 kernels behind arrays labelled
 *       cuda:0 ({@link ionas.tensor.cpu.CpuBackend#simulating}). It runs everywhere, CI included,
 *       and catches what a real GPU run would catch first: an array left on the CPU (devices must
 *       not mix, so the op throws) and code that only works in float64;
 *   <li>{@code cuda:0 emulated on the cpu}: the real CUDA backend, running the kernels' own source
 *       on the CPU emulator of {@code kernels/src/test/cuda-emu} ({@link EmulatedCuda}). Slower,
 *       so in {@link #all()} only with {@code -Dionas.cuda.emu=all}; skipped where g++ or the
 *       sources are missing. (The backend conformance suite runs on it always.)
 *   <li>{@code cuda:0}, the GPU's own kernels; skipped, with the CUDA probe's reason, where no usable
 *       GPU is present.
 * </ul>
 */
public record TestDevice(String name, Device device, Kind kind) {
    /** What stands behind the device. */
    public enum Kind { CPU, SIMULATED, EMULATED, GPU }

    public static final TestDevice CPU = new TestDevice("cpu", Device.CPU, Kind.CPU);
    public static final TestDevice SIMULATED_CUDA = new TestDevice("cuda:0 simulated on the cpu", Device.cuda(0), Kind.SIMULATED);
    public static final TestDevice EMULATED_CUDA = new TestDevice("cuda:0 emulated on the cpu", Device.cuda(0), Kind.EMULATED);
    public static final TestDevice CUDA = new TestDevice("cuda:0", Device.cuda(0), Kind.GPU);

    /** The devices in the order above (the source of {@link OnEachDevice}); the emulated one only on request. */
    public static Stream<TestDevice> all() {
        return "all".equals(System.getProperty("ionas.cuda.emu"))
                ? Stream.of(CPU, SIMULATED_CUDA, EMULATED_CUDA, CUDA)
                : Stream.of(CPU, SIMULATED_CUDA, CUDA);
    }

    public boolean isCpu() {
        return kind == Kind.CPU;
    }

    /** Whether this is the CPU's simulation of cuda:0 (the CPU's kernels, float32). */
    public boolean simulated() {
        return kind == Kind.SIMULATED;
    }

    /** {@code x} copied onto this device (the array itself on the CPU). */
    public NDArray put(NDArray x) {
        return x.device().equals(device) ? x : x.to(device);
    }

    /** Why a test cannot run on this device here, or null when it can. */
    public String unavailableReason() {
        return switch (kind) {
            case CPU, SIMULATED -> null;
            case EMULATED -> EmulatedCuda.unavailableReason();
            case GPU -> cudaUnavailableReason(device);
        };
    }

    /**
     * The backend to install with {@link Backends#registerCuda} while a test runs on this device,
     * or null where the default one serves (the CPU, the real GPU).
     */
    public Backend registeredBackend() {
        return switch (kind) {
            case SIMULATED -> CpuBackend.simulating(device);
            case EMULATED -> EmulatedCuda.backend();
            case CPU, GPU -> null;
        };
    }

    /** Null when {@code device} has a usable GPU and a backend for it; otherwise why not. */
    public static String cudaUnavailableReason(Device device) {
        CudaDevice.Availability gpu = CudaDevice.probe();
        if (!gpu.available()) return "no usable GPU: " + gpu.reason();
        try {
            Backends.of(device);
            return null;
        } catch (UnsupportedOperationException e) {
            return "GPU found but " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Installs {@link #registeredBackend()} for cuda:0 until the returned scope closes (nothing to do
     * for the CPU and the real GPU): {@code try (var on = TestDevice.SIMULATED_CUDA.install()) {...}}.
     */
    public Installation install() {
        Backend backend = registeredBackend();
        if (backend != null) Backends.registerCuda(backend);
        return new Installation(backend != null);
    }

    /** A backend installed by {@link #install()}; closing it restores the default CUDA backend. */
    public record Installation(boolean registered) implements AutoCloseable {
        @Override
        public void close() {
            if (registered) Backends.registerCuda(null);
        }
    }
}
