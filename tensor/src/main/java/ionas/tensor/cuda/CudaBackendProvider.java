package ionas.tensor.cuda;

import ionas.tensor.Backend;
import ionas.tensor.BackendProvider;
import ionas.tensor.Device;

/**
 * Registers {@link CudaBackend} with {@link ionas.tensor.Backends} (listed in META-INF/services).
 * It names CudaBackend only inside {@link #backend}, so that creating it, which ServiceLoader does
 * on every machine, loads no JCuda class.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    /** @see CudaBackend#forDevice */
    @Override
    public Backend backend(int index) {
        return CudaBackend.forDevice(index);
    }
}
