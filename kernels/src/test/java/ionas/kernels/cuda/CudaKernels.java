package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaCheck.check;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * One PTX module on the GPU for a test class, the way CudaSmokeKernelsTest drives elementwise.cu:
 * primary context, cuModuleLoadData, cuLaunchKernel, copy back. Open it in @BeforeAll only when
 * {@link CudaDevice#probe()} says a GPU is there; close it in @AfterAll.
 */
final class CudaKernels implements AutoCloseable {
    private final CUdevice device = new CUdevice();
    private final CUmodule module = new CUmodule();
    private final List<CUdeviceptr> allocations = new ArrayList<>();

    CudaKernels(String moduleName) {
        check(cuInit(0), "cuInit");
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        CUcontext ctx = new CUcontext();
        check(cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain");
        check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        check(cuModuleLoadData(module, PtxModules.load(moduleName)), "cuModuleLoadData(" + moduleName + ")");
    }

    @Override
    public void close() {
        freeAll();
        check(cuModuleUnload(module), "cuModuleUnload");
        check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
    }

    /** Launches a 1-D grid of 1-D blocks and waits for it. */
    void launch(String kernel, int grid, int block, Pointer... args) {
        launch(kernel, grid, 1, block, 1, args);
    }

    /** Launches a 3-D grid of 1-D blocks (e.g. a batch or split-K in z) and waits for it. */
    void launch3d(String kernel, int gridX, int gridY, int gridZ, int block, Pointer... args) {
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
        check(cuLaunchKernel(f, gridX, gridY, gridZ, block, 1, 1, 0, null, Pointer.to(args), null), "cuLaunchKernel(" + kernel + ")");
        check(cuCtxSynchronize(), "cuCtxSynchronize after " + kernel);
    }

    /** Frees this check's allocations (large tests free between cases). */
    void freeAll() {
        for (CUdeviceptr p : allocations) check(cuMemFree(p), "cuMemFree");
        allocations.clear();
    }

    /** Launches a 2-D grid of 2-D blocks and waits for it. */
    void launch(String kernel, int gridX, int gridY, int blockX, int blockY, Pointer... args) {
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
        check(cuLaunchKernel(f, gridX, gridY, 1, blockX, blockY, 1, 0, null, Pointer.to(args), null),
                "cuLaunchKernel(" + kernel + ")");
        check(cuCtxSynchronize(), "cuCtxSynchronize after " + kernel);
    }

    /** The grid of a grid-stride kernel with 256-thread blocks. */
    static int strideGrid(long n) {
        return (int) Math.max(1, Math.min((n + 255) / 256, 65535));
    }

    CUdeviceptr alloc(long n) {
        CUdeviceptr p = new CUdeviceptr();
        check(cuMemAlloc(p, Math.max(1, n) * Sizeof.FLOAT), "cuMemAlloc");
        allocations.add(p);
        return p;
    }

    CUdeviceptr upload(float[] host) {
        CUdeviceptr p = alloc(host.length);
        if (host.length > 0) check(cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.FLOAT), "cuMemcpyHtoD");
        return p;
    }

    CUdeviceptr upload(int[] host) {
        CUdeviceptr p = alloc(host.length);
        check(cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.INT), "cuMemcpyHtoD");
        return p;
    }

    float[] download(CUdeviceptr p, int n) {
        float[] host = new float[n];
        if (n > 0) check(cuMemcpyDtoH(Pointer.to(host), p, (long) n * Sizeof.FLOAT), "cuMemcpyDtoH");
        return host;
    }

    int[] downloadInts(CUdeviceptr p, int n) {
        int[] host = new int[n];
        check(cuMemcpyDtoH(Pointer.to(host), p, (long) n * Sizeof.INT), "cuMemcpyDtoH");
        return host;
    }

    static Pointer ints(int... v) { return Pointer.to(v); }
    static Pointer longs(long... v) { return Pointer.to(v); }
    static Pointer floats(float... v) { return Pointer.to(v); }
    static Pointer ptr(CUdeviceptr p) { return Pointer.to(p); }

    /**
     * elementwise.cu's struct Layout by value: int ndim, int shape[8], (pad), long out[8], a[8],
     * b[8], c[8]; 296 little-endian bytes. Missing stride arrays are zeros.
     */
    static Pointer layout(int[] shape, long[] out, long[] a, long[] b, long[] c) {
        ByteBuffer bb = ByteBuffer.allocate(296).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, shape.length);
        for (int d = 0; d < shape.length; d++) bb.putInt(4 + 4 * d, shape[d]);
        long[][] strides = {out, a, b, c};
        for (int s = 0; s < 4; s++) {
            if (strides[s] == null) continue;
            for (int d = 0; d < shape.length; d++) bb.putLong(40 + 64 * s + 8 * d, strides[s][d]);
        }
        return Pointer.to(bb.array());
    }

    /** pool.cu's struct Pool by value: 11 ints. */
    static Pointer pool(int... fields) {
        assertEquals(11, fields.length, "Pool has 11 ints");
        return Pointer.to(fields);
    }

    static float[] randoms(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + r.nextDouble() * (hi - lo));
        return x;
    }

    /** Within {@code ulps} float ulps of want (bit-exact, -0.0 included, when ulps is 0); NaN matches NaN. */
    static void assertClose(float want, float got, int ulps, String what) {
        if (Float.isNaN(want)) {
            assertTrue(Float.isNaN(got), what + ": want NaN, got " + got);
        } else if (Float.isInfinite(want) || ulps == 0) {
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": want " + want + ", got " + got);
        } else {
            assertTrue(Math.abs(want - got) <= ulps * Math.ulp(want), what + ": want " + want + ", got " + got);
        }
    }

    /** |want - got| <= atol + rtol * |want|, NaN matching NaN. */
    static void assertNear(float want, float got, double rtol, double atol, String what) {
        if (Float.isNaN(want)) {
            assertTrue(Float.isNaN(got), what + ": want NaN, got " + got);
        } else if (Float.isInfinite(want)) {
            assertEquals(want, got, what);
        } else {
            assertTrue(Math.abs(want - got) <= atol + rtol * Math.abs(want), what + ": want " + want + ", got " + got);
        }
    }
}
