package ionas.kernels.cpu;

/**
 * Per-thread float buffers that kernels reuse from call to call, so that a training step's
 * convolutions do not allocate their working arrays anew. A buffer is named by a slot: kernels
 * that may run one inside the other use different slots.
 */
final class Scratch {
    private Scratch() {}

    /**
     * Slots in use: {@link Conv2dKernels}' col buffers; the padded image of {@link DirectConv} and
     * {@link DirectWeightGradient}, DirectConv's output tiles and DirectWeightGradient's packed
     * block of gy (per thread); DirectConv's padded weights and DirectWeightGradient's partial
     * sums (the calling thread's, used by every thread of the call).
     */
    static final int CONV_COL = 0, DIRECT_INPUT = 1, DIRECT_OUTPUT = 2, DIRECT_WEIGHTS = 3, DIRECT_PANEL = 4,
            DIRECT_GRADIENT = 5;

    private static final int SLOTS = 6;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    /** This thread's buffer in {@code slot}, at least {@code size} floats long; its contents are left from earlier use. */
    static float[] floats(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }
}
