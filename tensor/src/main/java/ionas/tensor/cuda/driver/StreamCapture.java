package ionas.tensor.cuda.driver;

/**
 * Whether a driver's stream is being captured into a graph, and what was queued on it since the
 * capture began. Every driver keeps one, so that all of them refuse the same things the same way:
 * CUDA's stream capture records work instead of running it, so a call that waits for the stream
 * (a download, an upload through the pinned buffer, a synchronisation) has nothing to wait for,
 * and the driver fails it and invalidates the capture; here it fails first, with a name.
 *
 * <p>Not thread-safe by itself: each driver calls it under its own lock, or, on a GPU, from the
 * one thread that drives the stream.
 */
public final class StreamCapture {
    private boolean capturing;
    private int kernels, memsets, copies;

    /** Starts recording; a capture already under way is an error (captures do not nest). */
    public void begin() {
        if (capturing) throw new IllegalStateException("a CUDA graph capture is already under way on this stream");
        capturing = true;
        kernels = memsets = copies = 0;
    }

    /** Ends recording and returns what was queued. */
    public CapturedWork end() {
        if (!capturing) throw new IllegalStateException("no CUDA graph capture is under way on this stream");
        capturing = false;
        return new CapturedWork(kernels, memsets, copies);
    }

    public boolean capturing() {
        return capturing;
    }

    /** Counts a kernel queued during the capture; does nothing outside one. */
    public void kernel() {
        if (capturing) kernels++;
    }

    public void memset() {
        if (capturing) memsets++;
    }

    public void copy() {
        if (capturing) copies++;
    }

    /**
     * Throws if a capture is under way: {@code call} waits for the stream, which a capture does
     * not run (reading a tensor back, {@code item()}, creating one from host values, a synchronize).
     */
    public void refuseHostSync(String call) {
        if (capturing)
            throw new IllegalStateException(call + " during CUDA graph capture: it waits for the device, and a captured"
                    + " stream runs nothing until the graph is replayed (read the step's results after replay, and copy"
                    + " host data into device tensors before capturing)");
    }
}
