package ionas.tensor.cuda.driver;

import static ionas.kernels.cuda.CudaCheck.check;

import jcuda.driver.CUcontext;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * {@link DeviceMemory} straight from the CUDA driver. Each call first makes the context current on
 * the calling thread: the allocator may be driven from any thread, and a driver call without a
 * current context fails. That costs little because the cache keeps these calls rare.
 */
public final class DriverMemory implements DeviceMemory {
    private final CUcontext context;

    /** Memory of the device whose (primary) context is {@code context}. */
    public DriverMemory(CUcontext context) {
        if (context == null) throw new IllegalArgumentException("context must not be null");
        this.context = context;
    }

    @Override
    public long allocate(long bytes) {
        current();
        DevicePointer p = new DevicePointer();
        int status = JCudaDriver.cuMemAlloc(p, bytes);
        if (status == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return 0;
        check(status, "cuMemAlloc(" + bytes + ")");
        return p.address();
    }

    @Override
    public void free(long pointer) {
        current();
        check(JCudaDriver.cuMemFree(DevicePointer.of(pointer)), "cuMemFree");
    }

    @Override
    public MemInfo info() {
        current();
        long[] free = {0};
        long[] total = {0};
        check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return new MemInfo(free[0], total[0]);
    }

    private void current() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }
}
