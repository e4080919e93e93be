package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** Without a usable GPU every way into the CUDA backend fails with the probe's reason. */
class CudaUnavailableTest {
    private static final CudaDevice.Availability GPU = CudaDevice.probe();

    @Test
    void movingATensorToCudaSaysWhy() {
        assumeFalse(GPU.available(), "a GPU is here: CudaBackendTest covers it");
        var e = assertThrows(UnsupportedOperationException.class, () -> NDArray.zeros(2).to(Device.cuda(0)));
        assertTrue(e.getMessage().contains(GPU.reason()), e.getMessage());
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
    }

    @Test
    void backendLookupSaysWhy() {
        assumeFalse(GPU.available(), "a GPU is here: CudaBackendTest covers it");
        var e = assertThrows(UnsupportedOperationException.class, () -> Backends.of(Device.cuda(1)));
        assertTrue(e.getMessage().contains(GPU.reason()), e.getMessage());
        var f = assertThrows(UnsupportedOperationException.class, () -> CudaBackend.forDevice(0));
        assertTrue(f.getMessage().contains(GPU.reason()), f.getMessage());
    }

    @Test
    void tf32IsOffByDefault() {
        assertTrue(!CudaBackend.allowTf32());
    }
}
