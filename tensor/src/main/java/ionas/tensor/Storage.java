package ionas.tensor;

/**
 * A flat block of elements on one device. Tensors are views into a storage (shape, strides and an
 * offset), so several tensors can share one; a storage never changes its size.
 */
public interface Storage {
    Device device();

    DType dtype();

    /** The number of elements. */
    int size();

    /**
     * Returns the memory now, where the garbage collector would return it late: device storages
     * give their block back to the device's cache (see {@link MemoryScope}), the CPU's pooled
     * arrays go back to their thread's pool, other heap storages do nothing. The storage must not
     * be used afterwards.
     */
    default void release() {}
}
