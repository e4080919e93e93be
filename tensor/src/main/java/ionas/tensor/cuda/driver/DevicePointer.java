package ionas.tensor.cuda.driver;

import jcuda.driver.CUdeviceptr;

/**
 * A {@code CUdeviceptr} made from, or read back as, a plain {@code long} address. ionas keeps device
 * addresses as longs (cheap to store, hash and pass around); JCuda wants its pointer objects, and
 * only lets a subclass see their address, hence this class rather than reflection.
 */
final class DevicePointer extends CUdeviceptr {
    /** The null pointer that {@link #of} offsets from: JCuda's native side adds the byte offset. */
    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** An empty pointer for the driver to fill, e.g. by {@code cuMemAlloc}. */
    DevicePointer() {
        super();
    }

    private DevicePointer(long address) {
        super(NULL, address);
    }

    /** The JCuda pointer for {@code address}. */
    static DevicePointer of(long address) {
        return new DevicePointer(address);
    }

    /** The device address this pointer refers to. */
    long address() {
        return getNativePointer() + getByteOffset();
    }
}
