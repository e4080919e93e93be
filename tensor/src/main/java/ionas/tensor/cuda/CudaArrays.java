package ionas.tensor.cuda;

import ionas.tensor.DType;
import ionas.tensor.NDArray;

/** Getting at the device memory behind an {@link NDArray}, and making fresh device arrays. */
final class CudaArrays {
    private CudaArrays() {}

    /**
     * The storage of {@code x}, checked to be float32 device memory.
     *
     * @throws UnsupportedOperationException for float64, which the CUDA backend does not have
     */
    static CudaStorage storage(String op, NDArray x) {
        if (x.dtype() == DType.FLOAT64) throw float64(op);
        if (!(x.storage() instanceof CudaStorage s))
            throw new IllegalArgumentException(op + ": expected a tensor on a CUDA device, got one on " + x.device());
        return s;
    }

    /**
     * The device address of {@code x}'s first element: the storage's block plus the view's offset.
     *
     * <p>Read it after the op's last allocation, in the launch's arguments. An array the op made
     * (a contiguous copy of a strided input) is unreachable once its address has been read, and a
     * collection during a later allocation of the same op would return its block to the cache and
     * hand it out again, as that allocation's block, before the kernel that reads it is queued.
     */
    static long address(String op, NDArray x) {
        return storage(op, x).pointer() + (long) x.offset() * Float.BYTES;
    }

    /** A fresh contiguous array of {@code shape}, uninitialized: for outputs a kernel writes in full. */
    static NDArray empty(CudaContext context, int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("a tensor of " + n + " elements is too large");
        return new NDArray(CudaStorage.allocate(context, (int) n), shape);
    }

    /** The error for float64 input: the CUDA backend is float32-only. */
    static UnsupportedOperationException float64(String op) {
        return new UnsupportedOperationException("the CUDA backend is float32-only: " + op
                + " cannot take float64; keep float64 tensors on the CPU (x.to(Device.CPU))");
    }
}
