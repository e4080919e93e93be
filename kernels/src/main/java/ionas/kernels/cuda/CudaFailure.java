package ionas.kernels.cuda;

/** A CUDA driver API call that returned an error; {@link #status()} is its {@code CUresult}. */
public final class CudaFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public CudaFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The CUresult code, e.g. 100 for CUDA_ERROR_NO_DEVICE. */
    public int status() {
        return status;
    }
}
