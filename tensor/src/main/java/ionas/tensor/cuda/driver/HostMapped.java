package ionas.tensor.cuda.driver;

/**
 * A few 32-bit words of host memory that kernels write at {@link #devicePointer()} and the host
 * reads directly, without a copy: on a GPU pinned memory mapped into the device's address space
 * ({@code cuMemHostAlloc(..., CU_MEMHOSTALLOC_DEVICEMAP)}), in the emulator plain memory. What a
 * kernel wrote is visible to the host once the stream has been synchronized (a download,
 * {@link DeviceDriver#synchronize()}); what the host writes is visible to kernels queued after.
 * Held for the life of the context.
 */
public interface HostMapped {
    /** The address kernels use. */
    long devicePointer();

    /** Word {@code i}, as the host sees it now. */
    int get(int i);

    /** Sets word {@code i}; only between synchronisations, never while a kernel may write it. */
    void set(int i, int value);
}
