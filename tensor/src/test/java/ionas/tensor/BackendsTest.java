package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ionas.tensor.cpu.CpuBackend;
import ionas.tensor.cpu.CpuBackendProvider;
import ionas.tensor.cuda.CudaBackendProvider;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The backends reach {@link Backends} through META-INF/services, not through imports. */
class BackendsTest {
    @Test
    void bothBackendsAreRegisteredAsServices() {
        Set<Class<?>> found = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::type).collect(Collectors.toSet());
        assertEquals(Set.of(CpuBackendProvider.class, CudaBackendProvider.class), found);
    }

    @Test
    void theCpuBackendIsTheOneInstance() {
        assertSame(CpuBackend.INSTANCE, Backends.cpu());
        assertSame(CpuBackend.INSTANCE, Backends.of(Device.CPU));
    }

    @Test
    void aRegisteredCudaBackendWinsUntilCleared() {
        Backend simulated = CpuBackend.simulating(Device.cuda(0));
        Backends.registerCuda(simulated);
        try {
            assertSame(simulated, Backends.of(Device.cuda(0)));
        } finally {
            Backends.registerCuda(null);
        }
    }
}
