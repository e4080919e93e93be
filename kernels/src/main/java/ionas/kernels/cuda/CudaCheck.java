package ionas.kernels.cuda;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** Checks the CUresult of a driver API call, llm.c's {@code cudaCheck} for the driver API. */
public final class CudaCheck {
    private CudaCheck() {}

    /**
     * Returns if {@code status} is CUDA_SUCCESS, else throws a {@link CudaFailure} naming the call,
     * the error's name and cuGetErrorString's text, e.g.
     * {@code cuInit failed: CUDA_ERROR_NO_DEVICE (100): no CUDA-capable device is detected}.
     *
     * <pre>CudaCheck.check(JCudaDriver.cuInit(0), "cuInit");</pre>
     */
    public static void check(int status, String call) {
        if (status != CUresult.CUDA_SUCCESS) {
            throw new CudaFailure(status, call + " failed: " + describe(status));
        }
    }

    /** "CUDA_ERROR_X (code): the driver's text"; without a loadable driver, the name alone. */
    public static String describe(int status) {
        String name = CUresult.stringFor(status);
        String text = null;
        try {
            String[] out = new String[1];
            if (JCudaDriver.cuGetErrorString(status, out) == CUresult.CUDA_SUCCESS) text = out[0];
        } catch (LinkageError e) {
            // no driver library to ask: the enum name has to do
        }
        return name + " (" + status + ")" + (text == null || text.isBlank() ? "" : ": " + text);
    }
}
