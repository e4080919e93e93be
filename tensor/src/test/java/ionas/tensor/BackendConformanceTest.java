package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.conformance.BackendConformance;
import ionas.tensor.testing.TestDevice;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend operation on every device: each case of {@link BackendConformance} runs in
 * float32 on the device under test and is compared with float64 on the CPU. The CUDA cases skip,
 * with the probe's reason, where there is no usable GPU or no CUDA backend is registered.
 *
 * <p>The cases live in their own plain-Java class so that {@code ionas.benchmarks.gpu.GpuSelfTest}
 * can run the very same checks from the benchmarks jar on a machine without Maven.
 */
class BackendConformanceTest {
    static Stream<Arguments> cases() {
        return Stream.of(Device.CPU, Device.cuda(0)).flatMap(device ->
                BackendConformance.all().stream().map(c -> Arguments.of(device, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void matchesFloat64OnTheCpu(Device device, BackendConformance.Case c) {
        if (device.type() == Device.Type.CUDA) {
            String unavailable = TestDevice.cudaUnavailableReason(device);
            assumeTrue(unavailable == null, unavailable);
        }
        assertNull(BackendConformance.check(c, device), c.name() + " on " + device);
    }
}
