package ionas.tensor.cpu;

import ionas.tensor.Backend;
import ionas.tensor.BackendProvider;
import ionas.tensor.Device;

/** Registers {@link CpuBackend} with {@link ionas.tensor.Backends} (listed in META-INF/services). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public Device.Type type() {
        return Device.Type.CPU;
    }

    @Override
    public Backend backend(int index) {
        if (index != 0) throw new IllegalArgumentException("there is one CPU device, cpu, not cpu:" + index);
        return CpuBackend.INSTANCE;
    }
}
