package ionas.experiments.cli;

import ionas.tensor.Device;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code --device cpu|cuda:N} for picocli, with {@link Device#parse}'s message on a bad name. */
final class DeviceConverter implements ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
        return Device.parse(value);
    }
}
