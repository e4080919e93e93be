package ionas.experiments.cli;

import ionas.tensor.Backends;
import ionas.tensor.Device;
import picocli.CommandLine.Option;

/**
 * {@code --device cpu|cuda:N}, for the commands that train or run networks ({@code @Mixin}). A bad
 * name is a usage error ({@link DeviceConverter}); a device that is not usable here fails in
 * {@link #usable()}, before any data is read.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = DeviceConverter.class,
            description = "Where to compute: cpu (default) or cuda:N (float32, the CUDA backend: docs/cuda.md).")
    private Device device;

    /**
     * The device, after making sure its backend starts; otherwise an IllegalStateException with the
     * CUDA probe's reason, which the CLI prints as it stands.
     */
    Device usable() {
        try {
            Backends.of(device);
            return device;
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException(e.getMessage() + " (--device cpu computes on the CPU)", e);
        }
    }

    @Override
    public String toString() {
        return device.toString();
    }
}
