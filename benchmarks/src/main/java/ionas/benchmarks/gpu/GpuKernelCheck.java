package ionas.benchmarks.gpu;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuFuncGetAttribute;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import ionas.kernels.cuda.CudaCheck;
import ionas.kernels.cuda.CudaDevice;
import ionas.kernels.cuda.PtxEntry;
import ionas.kernels.cuda.PtxModules;
import java.util.List;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The first thing a GPU run does: has the driver JIT-compile every PTX module of this build for
 * the GPU it finds, and looks up every kernel, printing one line per kernel with what the driver
 * made of it (registers, local memory, the most threads a block may have). A module the driver
 * refuses (a PTX ISA newer than the driver, an instruction the GPU lacks) or a kernel it cannot
 * find shows up here, by name, before any test or benchmark depends on it.
 *
 * <pre>java -cp benchmarks.jar ionas.benchmarks.gpu.GpuKernelCheck</pre>
 *
 * Exit status: 0 every kernel loaded, 1 some did not, 3 no GPU.
 */
public final class GpuKernelCheck {
    private GpuKernelCheck() {}

    public static void main(String[] args) {
        CudaDevice.Availability gpu = CudaDevice.probe();
        if (!gpu.available()) {
            System.out.println("SKIP no GPU: " + gpu.reason());
            System.exit(3);
        }
        System.out.println("GPU: " + Gpu.describe());
        JCudaDriver.setExceptionsEnabled(false);
        CudaCheck.check(cuInit(0), "cuInit");
        CUdevice device = new CUdevice();
        CudaCheck.check(cuDeviceGet(device, 0), "cuDeviceGet");
        CUcontext context = new CUcontext();
        CudaCheck.check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        CudaCheck.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        int kernels = 0, failed = 0;
        for (String name : PtxModules.available()) {
            List<String> entries = List.copyOf(PtxEntry.parse(PtxModules.text(name)).keySet());
            CUmodule module = new CUmodule();
            long start = System.nanoTime();
            int status = cuModuleLoadData(module, PtxModules.load(name));
            double ms = (System.nanoTime() - start) / 1e6;
            if (status != 0) {
                System.out.printf("FAIL module %s: cuModuleLoadData: %s (%d kernels not loaded)%n", name,
                        CudaCheck.describe(status), entries.size());
                kernels += entries.size();
                failed += entries.size();
                continue;
            }
            System.out.printf("module %s: JIT-compiled in %.0f ms, %d kernels%n", name, ms, entries.size());
            for (String entry : entries) {
                kernels++;
                String line = describe(module, entry);
                if (line.startsWith("FAIL")) failed++;
                System.out.println(line + " " + name + "." + entry);
            }
            cuModuleUnload(module);
        }
        System.out.println(failed == 0 ? "ALL " + kernels + " KERNELS LOADED" : failed + " OF " + kernels + " KERNELS FAILED");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String describe(CUmodule module, String entry) {
        CUfunction f = new CUfunction();
        int status = cuModuleGetFunction(f, module, entry);
        if (status != 0) return "FAIL cuModuleGetFunction: " + CudaCheck.describe(status) + ":";
        return String.format("OK   regs %3d, local %5d B, static shared %6d B, max threads %4d:",
                attribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS),
                attribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES),
                attribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES),
                attribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK));
    }

    private static int attribute(CUfunction f, int attribute) {
        int[] value = new int[1];
        return cuFuncGetAttribute(value, attribute, f) == 0 ? value[0] : -1;
    }
}
