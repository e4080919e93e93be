package ionas.tensor.cuda.driver;

/**
 * The handful of CUDA driver operations the backend uses, for one device and its one stream.
 * {@link JCudaDeviceDriver} is the real one (the JCuda driver API); the interface exists so that the
 * backend's Java side (argument packing, launch geometry, workspaces) can also be run against the
 * kernels' own source on the CPU emulator of the tests, which has no GPU.
 *
 * <p>Device memory is addressed by plain {@code long}s. Work is queued in order on the device's
 * stream; only {@link #download} and {@link #synchronize} wait for it.
 */
public interface DeviceDriver {
    /** Allocation and freeing of device memory (under the caching allocator). */
    DeviceMemory memory();

    /** Name, compute capability, SM count and memory of the device. */
    CudaDeviceInfo info();

    /** Makes the device's context current on the calling thread (a no-op where there is none). */
    void makeCurrent();

    /** Sets {@code count} 32-bit words at {@code pointer} to {@code value}, queued on the stream. */
    void memsetD32(long pointer, int value, long count);

    /** Copies {@code bytes} from device address {@code src} to {@code dst}, queued on the stream. */
    void copyDeviceToDevice(long dst, long src, long bytes);

    /** Copies {@code src} to device memory at {@code devicePtr}, after the work queued on the stream. */
    void upload(float[] src, long devicePtr);

    /** Fills {@code dst} from device memory at {@code devicePtr}, after the work queued on the stream. */
    void download(long devicePtr, float[] dst);

    /**
     * {@code kernel} resolved on this device (on a GPU: its module loaded, {@code cuModuleGetFunction},
     * its block limit asked): slow the first time, so {@code CudaLaunch} asks once per kernel and
     * keeps the handle.
     *
     * @throws IllegalStateException where the device has no such kernel
     */
    KernelHandle function(Kernel kernel);

    /**
     * Queues {@code kernel} (a handle of this driver's) on a (gridX, gridY, gridZ) grid of
     * (blockX, blockY) blocks, with the first {@link KernelArgs#count()} arguments of {@code args}.
     * The arguments are read before this returns, so the caller may rewrite {@code args} at once.
     * Allocates nothing on the Java side: it runs for every kernel of every op.
     */
    void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args);

    /** Waits until everything queued on the stream has run; reports asynchronous kernel errors. */
    void synchronize();

    /**
     * {@code words} 32-bit words of zeroed host memory that kernels can write and the host reads
     * after a synchronisation without a copy (see {@link HostMapped}), held for the life of the
     * driver; or null where the driver has none, and the caller keeps the words in device memory
     * and pays a download to read them. The one user is the context's {@code IndexCheck}: a
     * driver that wraps another must pass this on, or every synchronisation after an index op
     * costs a download more.
     */
    default HostMapped allocateHostMapped(int words) {
        return null;
    }

    /**
     * Starts capturing the stream into a graph: from here until {@link #endCapture} launches,
     * memsets and device-to-device copies are recorded, not run (CUDA's
     * {@code cuStreamBeginCapture}, relaxed mode, so that the caching allocator may still take
     * memory from the driver), and calls that wait for the stream ({@link #upload},
     * {@link #download}, {@link #synchronize}) throw.
     *
     * @throws UnsupportedOperationException where the driver cannot capture
     * @throws IllegalStateException if a capture is already under way
     */
    default void beginCapture() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot capture CUDA graphs");
    }

    /** Ends the capture and returns its graph, instantiated and ready to {@link #launchGraph}. */
    default GraphHandle endCapture() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot capture CUDA graphs");
    }

    /**
     * Queues every operation of {@code graph} on the stream, in capture order, as one launch:
     * they read and write the addresses they were captured with.
     */
    default void launchGraph(GraphHandle graph) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot launch CUDA graphs");
    }

    /** Frees {@code graph}; replays already queued still run. */
    default void destroyGraph(GraphHandle graph) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot destroy CUDA graphs");
    }
}
