package ionas.tensor.cuda.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The long &lt;-&gt; CUdeviceptr bridge is plain Java: no driver needed. */
class DevicePointerTest {
    @Test
    void anAddressSurvivesTheRoundTrip() {
        for (long address : new long[] {0, 1, 0x7f12_3456_7800L, Long.MAX_VALUE}) {
            assertEquals(address, DevicePointer.of(address).address());
        }
        assertEquals(0, new DevicePointer().address());
    }
}
