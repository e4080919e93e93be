package ionas.tensor.cuda.driver;

import static ionas.kernels.cuda.CudaCheck.check;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.JCudaDriver;

/**
 * A page-locked host buffer that transfers are staged through. The GPU's copy engines can only DMA
 * from page-locked memory: from an ordinary (pageable) buffer the driver first copies into a
 * pinned bounce buffer of its own, synchronously, and a Java array can also move under the
 * collector. Staging through our own pinned buffer gives full bus bandwidth and truly
 * asynchronous copies.
 *
 * <p>It grows to the largest transfer seen, up to {@link #MAX_BYTES}; larger transfers go through
 * it in chunks, since pinned memory is taken from the OS and cannot be paged out. Not
 * thread-safe on its own: {@link CudaTransfers} holds its lock while using it.
 */
public final class PinnedBuffer {
    /** The most pinned memory one buffer holds. */
    public static final long MAX_BYTES = 64L << 20;
    /** Growth granularity, so a run of slightly larger transfers does not reallocate each time. */
    private static final long STEP = 1L << 20;

    private final CUcontext context;
    private Pointer host;
    private long capacity;

    PinnedBuffer(CUcontext context) {
        this.context = context;
    }

    /** Makes the buffer's context current on the calling thread, for the copies that use it. */
    void makeCurrent() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** The most bytes one staged copy may move. */
    long chunkBytes() {
        return MAX_BYTES;
    }

    /**
     * The host pointer of a buffer of at least {@code bytes} (at most {@link #MAX_BYTES}); any
     * copy using the previous buffer must have completed.
     */
    Pointer ensure(long bytes) {
        if (bytes > MAX_BYTES) throw new IllegalArgumentException(bytes + " bytes exceed the pinned buffer's " + MAX_BYTES);
        if (bytes > capacity) {
            release();
            long size = Math.min(MAX_BYTES, Math.ceilDiv(bytes, STEP) * STEP);
            Pointer p = new Pointer();
            check(JCudaDriver.cuMemAllocHost(p, size), "cuMemAllocHost(" + size + ")");
            host = p;
            capacity = size;
        }
        return host;
    }

    /** The first {@code floats} floats of the buffer, as a native-order view. */
    FloatBuffer floats(int floats) {
        return host.getByteBuffer(0, (long) floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Bytes of pinned memory held now. */
    public long capacity() {
        return capacity;
    }

    private void release() {
        if (host != null) {
            check(JCudaDriver.cuMemFreeHost(host), "cuMemFreeHost");
            host = null;
            capacity = 0;
        }
    }
}
