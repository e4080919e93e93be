package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for the GPU kernel tests: opens one PTX module for the test class when a GPU
 * is there, closes it after the class, and skips every test with the probe's reason when there is
 * none. Register it as {@code @RegisterExtension static final GpuModule GPU = new GpuModule("name")}.
 */
final class GpuModule implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final CudaDevice.Availability PROBE = CudaDevice.probe();

    private final String module;
    private CudaKernels kernels;

    GpuModule(String module) {
        this.module = module;
    }

    /** The open module (only inside a test, which runs only with a GPU). */
    CudaKernels kernels() {
        return kernels;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (PROBE.available()) kernels = new CudaKernels(module);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(PROBE.available(), "no GPU: " + PROBE.reason());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kernels != null) kernels.close();
        kernels = null;
    }
}
