package ionas.benchmarks.gpu;

/**
 * The TF32 switch of the CUDA backend ({@code allow_tf32} in PyTorch): matmul and conv2d on
 * tensor cores with 10-bit mantissas. Off by default.
 *
 * <p>Kept in one place because, while this was written, {@code ionas.tensor.cuda.CudaBackend} did
 * not exist yet: when it lands, the body of {@link #set} becomes
 * {@code ionas.tensor.cuda.CudaBackend.allowTf32(on);} and nothing else changes.
 */
final class Tf32 {
    private Tf32() {}

    static void set(boolean on) {
        if (on) {
            throw new UnsupportedOperationException("TF32 cannot be switched on yet: wire Tf32.set to "
                    + "ionas.tensor.cuda.CudaBackend.allowTf32 (benchmarks/src/main/java/ionas/benchmarks/gpu/Tf32.java)");
        }
        // off is the backend's default: nothing to do
    }
}
