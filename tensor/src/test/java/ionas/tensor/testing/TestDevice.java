package ionas.tensor.testing;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.stream.Stream;

/**
 * A device a test suite runs on. The suites of the tensor, autograd and nn modules run each case on
 * all three (see {@link OnEachDevice}):
 *
 * <ul>
 *   <li>{@code cpu}, the reference;
 *   <li>{@code cuda:0 simulated on the cpu}: the CPU's float32 kernels behind arrays labelled
 *       cuda:0 ({@link ionas.tensor.cpu.CpuBackend#simulating}). It runs everywhere, CI included,
 *       and catches what a real GPU run would catch first: an array left on the CPU (devices must
 *       not mix, so the op throws) and code that only works in float64;
 *   <li>{@code cuda:0}, the GPU's own kernels; skipped, with the CUDA probe's reason, where no usable
 *       GPU is present.
 * </ul>
 */
public record TestDevice(String name, Device device, boolean simulated) {
    public static final TestDevice CPU = new TestDevice("cpu", Device.CPU, false);
    public static final TestDevice SIMULATED_CUDA = new TestDevice("cuda:0 simulated on the cpu", Device.cuda(0), true);
    public static final TestDevice CUDA = new TestDevice("cuda:0", Device.cuda(0), false);

    /** The three, in the order above (the source of {@link OnEachDevice}). */
    public static Stream<TestDevice> all() {
        return Stream.of(CPU, SIMULATED_CUDA, CUDA);
    }

    public boolean isCpu() {
        return device.equals(Device.CPU);
    }

    /** {@code x} copied onto this device (the array itself on the CPU). */
    public NDArray put(NDArray x) {
        return x.device().equals(device) ? x : x.to(device);
    }

    /** Why a test cannot run on this device here, or null when it can. */
    public String unavailableReason() {
        if (isCpu() || simulated) return null;
        return cudaUnavailableReason(device);
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
}
