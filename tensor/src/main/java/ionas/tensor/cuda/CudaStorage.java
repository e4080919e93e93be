package ionas.tensor.cuda;

import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.MemoryScope;
import ionas.tensor.Storage;
import java.lang.ref.Cleaner;
import java.util.concurrent.CountDownLatch;

/**
 * float32 elements in device memory: the GPU counterpart of {@link ionas.tensor.cpu.CpuStorage}.
 * It holds a block of a {@link CachingAllocator} and gives it back when closed or, failing that,
 * when it becomes unreachable.
 *
 * <p><b>Cleaner vs close.</b> Tensors are shared views and flow through autograd graphs, so
 * nobody knows when the last one dies: a {@link Cleaner} returns the block once the storage is
 * unreachable, without burdening every caller. But the collector runs on Java heap pressure, not
 * device memory pressure, and a GPU tensor is a tiny heap object, so dead storages can pin device
 * memory for a while. Code that knows a storage is done (an optimizer's scratch buffers) should
 * {@link #close()} it, and a training step should run in a {@link MemoryScope}, which closes
 * every storage the step made and did not keep. Returning the block only touches the
 * allocator's cache, never the driver, so the Cleaner's thread needs no CUDA context.
 */
public final class CudaStorage implements Storage, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The cleaning action; it must not refer to the storage, or the storage would never become unreachable. */
    private record Release(CachingAllocator allocator, long pointer) implements Runnable {
        @Override
        public void run() {
            allocator.free(pointer);
        }
    }

    /**
     * A latch that opens when the storages' Cleaner has run the action of an object that is
     * unreachable from the start: after a garbage collection, proof that the Cleaner's thread has
     * reached what that collection found, however busy the machine.
     */
    static CountDownLatch cleanerSentinel() {
        CountDownLatch cleaned = new CountDownLatch(1);
        CLEANER.register(new Object(), cleaned::countDown);
        return cleaned;
    }

    private final Device device;
    private final CachingAllocator allocator;
    private final long pointer;
    private final int size;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    /**
     * Allocates room for {@code size} floats (uninitialized) from {@code allocator}, which serves
     * {@code device}.
     */
    public CudaStorage(Device device, CachingAllocator allocator, int size) {
        if (device == null || device.type() != Device.Type.CUDA) throw new IllegalArgumentException("not a CUDA device: " + device);
        if (size < 0) throw new IllegalArgumentException("size must be >= 0, not " + size);
        this.device = device;
        this.allocator = allocator;
        this.size = size;
        this.pointer = allocator.allocate((long) size * Float.BYTES);
        this.cleanable = CLEANER.register(this, new Release(allocator, pointer));
        MemoryScope.adopt(this);
    }

    /** Uninitialized room for {@code size} floats on {@code context}'s device. */
    public static CudaStorage allocate(CudaContext context, int size) {
        return new CudaStorage(context.device(), context.allocator(), size);
    }

    /** Room for {@code size} floats on {@code context}'s device, set to zero (on the stream: the allocator's blocks hold old data). */
    public static CudaStorage zeroed(CudaContext context, int size) {
        CudaStorage s = allocate(context, size);
        if (size > 0) context.driver().memsetD32(s.pointer(), 0, size);
        return s;
    }

    /** A copy of {@code values} on {@code context}'s device. */
    public static CudaStorage of(CudaContext context, float[] values) {
        CudaStorage s = allocate(context, values.length);
        try {
            context.driver().upload(values, s.pointer());
        } catch (RuntimeException e) {
            s.close(); // do not leave the block to the collector
            throw e;
        }
        return s;
    }

    /** The elements, copied back to the host after the work queued on {@code context}'s stream. */
    public float[] toFloatArray(CudaContext context) {
        float[] out = new float[size];
        context.driver().download(pointer(), out);
        return out;
    }

    /** The device address of the first element, for kernel arguments. */
    public long pointer() {
        if (closed) throw new IllegalStateException("this CUDA storage has been closed");
        return pointer;
    }

    /** The allocator whose block this storage holds. */
    public CachingAllocator allocator() {
        return allocator;
    }

    @Override public Device device() { return device; }
    @Override public DType dtype() { return DType.FLOAT32; }
    @Override public int size() { return size; }

    /**
     * Returns the block to the allocator now; later calls do nothing. Kernels already queued on
     * the stream may still use the block: it is only reused in stream order (see
     * {@link CachingAllocator}).
     */
    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }

    /** {@link #close()}: what a {@link MemoryScope} does with the storages it holds. */
    @Override
    public void release() {
        close();
    }

    @Override
    public String toString() {
        return "CudaStorage[" + device + ", " + size + " floats at 0x" + Long.toHexString(pointer)
                + (closed ? ", closed" : "") + "]";
    }
}
