package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.kernels.cuda.CudaDevice.Availability;
import org.junit.jupiter.api.Test;

class CudaDeviceTest {
    /** Without a driver (CI) this is available=false with a reason; with a GPU, a described device. */
    @Test
    void probeNeverThrowsAndExplainsItself() {
        Availability a = assertDoesNotThrow(CudaDevice::probe);
        Availability again = assertDoesNotThrow(CudaDevice::probe); // after a failed native load, too
        assertTrue(a.available() == again.available(), a + " then " + again);
        if (a.available()) {
            assertFalse(a.deviceName().isBlank(), a.toString());
            assertTrue(a.computeMajor() >= CudaDevice.MIN_COMPUTE_MAJOR && a.memoryBytes() > 0, a.toString());
        } else {
            assertFalse(a.reason().isBlank(), a.toString());
            assertTrue(a.describe().startsWith("NO: "), a.describe());
        }
    }

    @Test
    void checkNamesTheCallAndTheError() {
        assertDoesNotThrow(() -> CudaCheck.check(0, "cuInit"));
        CudaFailure e = assertThrows(CudaFailure.class, () -> CudaCheck.check(100, "cuInit"));
        assertTrue(e.getMessage().startsWith("cuInit failed: CUDA_ERROR_NO_DEVICE (100)"), e.getMessage());
        assertTrue(e.status() == 100);
    }
}
