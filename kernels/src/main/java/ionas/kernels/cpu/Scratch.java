package ionas.kernels.cpu;

/**
 * Per-thread float buffers that kernels reuse from call to call, so that a training step's
 * convolutions do not allocate their working arrays anew. A buffer is named by a slot: kernels
 * that may run one inside the other use different slots.
 */
final class Scratch {
    private Scratch() {}

    /**
     * Slots in use: {@link Conv2dKernels}' col buffers, and {@link DirectConv}'s padded image and
     * output (per thread) and padded weights (the calling thread's, read by every thread of the call).
     */
    static final int CONV_COL = 0, DIRECT_INPUT = 1, DIRECT_OUTPUT = 2, DIRECT_WEIGHTS = 3;

    private static final int SLOTS = 4;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    /** This thread's buffer in {@code slot}, at least {@code size} floats long; its contents are left from earlier use. */
    static float[] floats(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }
}
