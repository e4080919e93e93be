package ionas.tensor.cuda.driver;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.cuda.CudaDevice;
import org.junit.jupiter.api.Test;

/** The JCuda driver on a real GPU. Skipped without one. */
class JCudaDeviceDriverTest {
    private static final CudaDevice.Availability GPU = CudaDevice.probe();

    @Test
    void kernelFunctionsAreLoadedOnceAndCached() {
        assumeTrue(GPU.available(), GPU.reason());
        JCudaDeviceDriver d = new JCudaDeviceDriver(0);
        assertSame(d.module("elementwise"), d.module("elementwise"));
        assertSame(d.function(new Kernel("elementwise", "add_f32")), d.function(new Kernel("elementwise", "add_f32")));
        assertThrows(IllegalStateException.class, () -> d.function(new Kernel("no_such_module", "f")));
    }
}
