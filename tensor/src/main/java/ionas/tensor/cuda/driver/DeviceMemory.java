package ionas.tensor.cuda.driver;

/**
 * Raw device memory, one driver call per method. {@link ionas.tensor.cuda.CachingAllocator} sits on top of it; the
 * interface exists so the allocator can be tested without a GPU.
 */
public interface DeviceMemory {
    /**
     * Allocates {@code bytes} (&gt; 0) of device memory.
     *
     * @return the device address, or 0 when the device is out of memory; the caller decides
     *     whether to free something and retry, so running out is not an exception here
     */
    long allocate(long bytes);

    /** Returns a block from {@link #allocate} to the driver. */
    void free(long pointer);

    /** The free and total memory the device reports. */
    MemInfo info();
}
