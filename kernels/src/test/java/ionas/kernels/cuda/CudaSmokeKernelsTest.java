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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.UnaryOp;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The elementwise.cu smoke kernels on a real GPU through the driver API, against the CPU
 * definitions. Skipped without a GPU (CI); run it where one is lent.
 */
class CudaSmokeKernelsTest {
    private static final int BLOCK = 256;
    /** not a multiple of BLOCK, so the last block is partial and the i < n guard is exercised */
    private static final int N = 100_003;

    private static CUdevice device;
    private static CUmodule module;
    private static final List<CUdeviceptr> allocations = new ArrayList<>();

    private static final CudaDevice.Availability GPU = CudaDevice.probe();

    /** Each test, not the class, is skipped without a GPU, so the report counts them as skipped. */
    @BeforeEach
    void needsGpu() {
        assumeTrue(GPU.available(), "no GPU: " + GPU.reason());
    }

    @BeforeAll
    static void setUp() {
        if (!GPU.available()) return;
        check(cuInit(0), "cuInit");
        device = new CUdevice();
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        CUcontext ctx = new CUcontext();
        check(cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain");
        check(cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        module = new CUmodule();
        check(cuModuleLoadData(module, PtxModules.load("elementwise")), "cuModuleLoadData(elementwise)");
    }

    @AfterAll
    static void tearDown() {
        if (module == null) return;
        for (CUdeviceptr p : allocations) check(cuMemFree(p), "cuMemFree");
        check(cuModuleUnload(module), "cuModuleUnload");
        check(cuDevicePrimaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
    }

    @Test
    void fill() {
        CUdeviceptr out = alloc(N);
        launch("fill_f32", Pointer.to(out), Pointer.to(new float[] {2.5f}), Pointer.to(new int[] {N}));
        float[] got = download(out, N);
        for (int i = 0; i < N; i++) assertEquals(2.5f, got[i], "fill_f32 at " + i);
    }

    @Test
    void unaryMatchesUnaryOpApply() {
        float[] x = randoms(N, 1);
        x[0] = Float.NaN;
        x[1] = -0.0f;
        x[2] = 0.0f;
        x[3] = Float.POSITIVE_INFINITY;
        x[4] = Float.NEGATIVE_INFINITY;
        x[5] = 100f; // exp overflows to +inf in float
        CUdeviceptr dx = upload(x);
        CUdeviceptr out = alloc(N);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.EXP, UnaryOp.RELU}) {
            launch("unary_f32", Pointer.to(out), Pointer.to(dx), Pointer.to(new int[] {op.ordinal()}),
                    Pointer.to(new int[] {N}));
            float[] got = download(out, N);
            // expf without fast math is within 2 ulp of the exact result; neg and relu are exact
            int ulps = op == UnaryOp.EXP ? 2 : 0;
            for (int i = 0; i < N; i++) {
                float want = (float) op.apply(x[i]);
                CudaKernels.assertClose(want, got[i], ulps, op + "(" + x[i] + ") at " + i);
            }
        }
    }

    @Test
    void add() {
        float[] a = randoms(N, 2);
        float[] b = randoms(N, 3);
        CUdeviceptr out = alloc(N);
        launch("add_f32", Pointer.to(out), Pointer.to(upload(a)), Pointer.to(upload(b)), Pointer.to(new int[] {N}));
        float[] got = download(out, N);
        for (int i = 0; i < N; i++) assertEquals(a[i] + b[i], got[i], "add_f32 at " + i);
    }

    private static void launch(String kernel, Pointer... args) {
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
        int grid = (N + BLOCK - 1) / BLOCK;
        check(cuLaunchKernel(f, grid, 1, 1, BLOCK, 1, 1, 0, null, Pointer.to(args), null), "cuLaunchKernel(" + kernel + ")");
        check(cuCtxSynchronize(), "cuCtxSynchronize after " + kernel);
    }

    private static CUdeviceptr alloc(int n) {
        CUdeviceptr p = new CUdeviceptr();
        check(cuMemAlloc(p, (long) n * Sizeof.FLOAT), "cuMemAlloc");
        allocations.add(p);
        return p;
    }

    private static CUdeviceptr upload(float[] host) {
        CUdeviceptr p = alloc(host.length);
        check(cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.FLOAT), "cuMemcpyHtoD");
        return p;
    }

    private static float[] download(CUdeviceptr p, int n) {
        float[] host = new float[n];
        check(cuMemcpyDtoH(Pointer.to(host), p, (long) n * Sizeof.FLOAT), "cuMemcpyDtoH");
        return host;
    }

    private static float[] randoms(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 20 - 10);
        return x;
    }
}
