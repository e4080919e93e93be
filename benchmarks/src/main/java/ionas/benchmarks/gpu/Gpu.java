package ionas.benchmarks.gpu;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.CudaContext;

/** What the GPU benchmarks and the self-test share: finding the GPU, waiting for it, freeing memory. */
public final class Gpu {
    /** The device every GPU benchmark runs on. */
    public static final Device DEVICE = Device.cuda(0);

    private Gpu() {}

    /**
     * Null when {@link #DEVICE} can run NDArray ops, else why not: the probe's reason (no driver,
     * no GPU, too old, no PTX in this build) or the missing CUDA backend. Never throws.
     */
    public static String unavailableReason() {
        CudaDevice.Availability gpu = CudaDevice.probe();
        if (!gpu.available()) return "no usable GPU: " + gpu.reason();
        try {
            // A real round trip: the backend must be registered and able to allocate and copy.
            NDArray.of(new float[] {1, 2, 3}, 3).to(DEVICE).to(Device.CPU);
            return null;
        } catch (RuntimeException e) {
            return "GPU " + gpu.deviceName() + " found, but " + DEVICE + " cannot run ionas ops: " + e.getMessage();
        }
    }

    /** For a benchmark's @Setup: stops the benchmark with a clear message when there is no GPU. */
    public static void require() {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException("GPU benchmark skipped: " + reason);
    }

    /** A one-line description of the GPU, for reports. */
    public static String describe() {
        CudaDevice.Availability gpu = CudaDevice.probe();
        return gpu.available()
                ? gpu.deviceName() + " (compute " + gpu.computeMajor() + "." + gpu.computeMinor() + ", "
                        + gpu.memoryBytes() / (1 << 20) + " MiB)"
                : "none: " + gpu.reason();
    }

    /**
     * Waits until every kernel queued on the device's stream has finished. Kernel launches return
     * at once, so a timed operation must end here or the timer measures only the launches.
     */
    public static void synchronize() {
        CudaContext.get(DEVICE.index()).synchronize();
    }

    /**
     * Returns the device memory of arrays that are dead now. The Cleaner would free them only when
     * the Java heap fills, and a GPU tensor is a small heap object, so a loop of 64 MiB GEMM
     * outputs would exhaust device memory first. Reuse right away is safe: all work of a device
     * runs in order on one stream.
     */
    public static void release(NDArray... arrays) throws Exception {
        for (NDArray a : arrays) {
            if (a.storage() instanceof AutoCloseable c) c.close();
        }
    }
}
