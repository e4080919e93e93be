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
}
