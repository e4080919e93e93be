package ionas.tensor.cuda.driver;

import static ionas.kernels.cuda.CudaCheck.check;

import jcuda.Pointer;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Host &lt;-&gt; device copies of float arrays through a {@link PinnedBuffer}: the array is copied
 * into the pinned buffer, the driver copies it asynchronously on the stream, and the call waits for
 * the stream. Waiting is required twice over: the buffer is reused by the next transfer, and a
 * download's data is only there once the copy ran. Being queued on the stream also orders the copy
 * after the kernels that produced or will consume the data.
 */
public final class CudaTransfers {
    private final PinnedBuffer buffer;

    CudaTransfers(PinnedBuffer buffer) {
        this.buffer = buffer;
    }

    /** Copies {@code src} to device memory at {@code devicePtr}, after the work queued on {@code stream}. */
    public void upload(float[] src, long devicePtr, CUstream stream) {
        synchronized (buffer) {
            buffer.makeCurrent();
            int chunk = (int) (buffer.chunkBytes() / Float.BYTES);
            for (int start = 0; start < src.length; start += chunk) {
                int n = Math.min(chunk, src.length - start);
                long bytes = (long) n * Float.BYTES;
                Pointer host = buffer.ensure(bytes);
                buffer.floats(n).put(src, start, n);
                check(JCudaDriver.cuMemcpyHtoDAsync(DevicePointer.of(devicePtr + (long) start * Float.BYTES), host,
                        bytes, stream), "cuMemcpyHtoDAsync");
                check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
            }
        }
    }

    /** Fills {@code dst} from device memory at {@code devicePtr}, after the work queued on {@code stream}. */
    public void download(long devicePtr, float[] dst, CUstream stream) {
        synchronized (buffer) {
            buffer.makeCurrent();
            int chunk = (int) (buffer.chunkBytes() / Float.BYTES);
            for (int start = 0; start < dst.length; start += chunk) {
                int n = Math.min(chunk, dst.length - start);
                long bytes = (long) n * Float.BYTES;
                Pointer host = buffer.ensure(bytes);
                check(JCudaDriver.cuMemcpyDtoHAsync(host, DevicePointer.of(devicePtr + (long) start * Float.BYTES),
                        bytes, stream), "cuMemcpyDtoHAsync");
                check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
                buffer.floats(n).get(dst, start, n);
            }
        }
    }
}
