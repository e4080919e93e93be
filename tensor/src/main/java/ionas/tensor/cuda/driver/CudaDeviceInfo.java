package ionas.tensor.cuda.driver;

import static ionas.kernels.cuda.CudaCheck.check;

import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * What the backend needs to know about its GPU: the name and memory for {@code describe()}, the
 * SM count for the split-K choice. Read once, after the context has initialised the driver.
 */
public record CudaDeviceInfo(String name, int computeMajor, int computeMinor, int multiprocessors, long memoryBytes) {
    static CudaDeviceInfo query(int ordinal) {
        CUdevice device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        byte[] name = new byte[256];
        check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) end++;
        long[] memory = {0};
        check(JCudaDriver.cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
        return new CudaDeviceInfo(new String(name, 0, end, java.nio.charset.StandardCharsets.US_ASCII),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, "compute major"),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, "compute minor"),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, "multiprocessors"),
                memory[0]);
    }

    private static int attribute(CUdevice device, int attribute, String what) {
        int[] v = {0};
        check(JCudaDriver.cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + what + ")");
        return v[0];
    }
}
