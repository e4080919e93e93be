package ionas.kernels.cuda;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** Whether CUDA can run here: a driver, a GPU, and PTX in this build. */
public final class CudaDevice {
    private CudaDevice() {}

    /** cudaErrorInsufficientDriver's driver API twin, which JCuda's CUresult does not name. */
    static final int CUDA_ERROR_INSUFFICIENT_DRIVER = 35;

    /**
     * The result of {@link #probe()}. When {@code available} is false, {@code reason} says why;
     * the device fields are filled as far as the probe got (a GPU with no PTX in the build still
     * has its name).
     */
    public record Availability(boolean available, String reason, String deviceName, int computeMajor,
                               int computeMinor, long memoryBytes) {
        static Availability no(String reason) {
            return new Availability(false, reason, "", 0, 0, 0);
        }

        /** One line for {@code ionas info}: "NVIDIA H100 ..., compute 9.0, 79.1 GiB" or "NO: why". */
        public String describe() {
            String device = String.format(Locale.ROOT, "%s, compute %d.%d, %.1f GiB", deviceName, computeMajor,
                    computeMinor, memoryBytes / (double) (1L << 30));
            if (available) return device;
            return "NO: " + reason + (deviceName.isEmpty() ? "" : " (device 0: " + device + ")");
        }
    }

    /** The oldest compute capability the PTX (compute_80) runs on. */
    public static final int MIN_COMPUTE_MAJOR = 8;

    /**
     * Probes device 0 through the driver API: cuInit, the device count, its name, compute
     * capability and memory, then the PTX modules. Never throws: a missing driver library, a
     * driver too old for JCuda, no GPU, or a build without nvcc all come back as
     * {@code available=false} with the reason.
     */
    public static Availability probe() {
        try {
            return probeDriver();
        } catch (LinkageError e) {
            // JCuda's native library failed to load: UnsatisfiedLinkError (libcuda.so.1 missing) the
            // first time, NoClassDefFoundError (without the cause) on every later call in this JVM
            synchronized (CudaDevice.class) {
                if (linkFailure == null) linkFailure = linkReason(e);
                return Availability.no(linkFailure);
            }
        } catch (RuntimeException e) {
            return Availability.no("CUDA probe failed: " + firstLine(e));
        }
    }

    private static Availability probeDriver() {
        JCudaDriver.setExceptionsEnabled(false);
        int status = JCudaDriver.cuInit(0);
        if (status == CUresult.CUDA_ERROR_NO_DEVICE) return Availability.no("no GPU: " + CudaCheck.describe(status));
        if (status == CUDA_ERROR_INSUFFICIENT_DRIVER || status == CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH) {
            return Availability.no("the NVIDIA driver is too old for JCuda 12.6: "
                    + CudaCheck.describe(status));
        }
        if (status != CUresult.CUDA_SUCCESS) return Availability.no("cuInit failed: " + CudaCheck.describe(status));
        int[] count = {0};
        status = JCudaDriver.cuDeviceGetCount(count);
        if (status != CUresult.CUDA_SUCCESS) return Availability.no("cuDeviceGetCount failed: " + CudaCheck.describe(status));
        if (count[0] == 0) return Availability.no("no GPU: the driver sees 0 devices");

        CUdevice dev = new CUdevice();
        CudaCheck.check(JCudaDriver.cuDeviceGet(dev, 0), "cuDeviceGet");
        byte[] name = new byte[256];
        CudaCheck.check(JCudaDriver.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
        int[] major = {0};
        int[] minor = {0};
        CudaCheck.check(JCudaDriver.cuDeviceGetAttribute(major,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev), "cuDeviceGetAttribute");
        CudaCheck.check(JCudaDriver.cuDeviceGetAttribute(minor,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev), "cuDeviceGetAttribute");
        long[] mem = {0};
        CudaCheck.check(JCudaDriver.cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
        String deviceName = cString(name);

        String reason = "";
        if (major[0] < MIN_COMPUTE_MAJOR) {
            reason = "compute capability " + major[0] + "." + minor[0] + " is below 8.0 (the PTX targets compute_80)";
        } else if (!PtxModules.exists("elementwise")) {
            reason = "PTX resources missing: this build had no nvcc";
        }
        return new Availability(reason.isEmpty(), reason, deviceName, major[0], minor[0], mem[0]);
    }

    /** The reason of the first native load failure; later ones no longer carry the cause. */
    private static String linkFailure;

    /** JCuda's message has a line per load attempt; the one naming the missing library says it all. */
    private static String linkReason(LinkageError e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (String line : m.split("\\R")) {
            if (line.contains("cannot open shared object file")) {
                String why = line.replace("java.lang.UnsatisfiedLinkError: ", "").strip();
                return (why.contains("libcuda") ? "no CUDA driver (libcuda.so.1) found: " : "JCuda's native library failed to load: ")
                        + why;
            }
        }
        return "no CUDA driver (libcuda.so.1) found: " + firstLine(e);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8).strip();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getName();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
