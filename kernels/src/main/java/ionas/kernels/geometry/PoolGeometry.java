package ionas.kernels.geometry;

/** The sizes of one 2-d pooling over NCHW data: input (batch, channels, height, width). */
public record PoolGeometry(int batch, int channels, int height, int width,
                           int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    public PoolGeometry {
        if (batch < 0 || channels <= 0 || height <= 0 || width <= 0)
            throw new IllegalArgumentException("pool2d: sizes must be positive: " + this);
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("pool2d: bad kernel, stride or padding: " + this);
        if (2 * padH > kernelH || 2 * padW > kernelW)
            throw new IllegalArgumentException("pool2d: padding must be at most half the kernel (as in PyTorch): " + this);
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW)
            throw new IllegalArgumentException("pool2d: kernel larger than the padded input: " + this);
    }

    public int outHeight() { return (height + 2 * padH - kernelH) / strideH + 1; }
    public int outWidth() { return (width + 2 * padW - kernelW) / strideW + 1; }
    public int inputSize() { return batch * channels * height * width; }

    // The window of output (r, s), clipped to the input: padding is never read, it only changes
    // which inputs a window covers. One definition for every pooling loop.
    public int rowStart(int r) { return Math.max(r * strideH - padH, 0); }
    public int rowEnd(int r) { return Math.min(r * strideH - padH + kernelH, height); }
    public int colStart(int s) { return Math.max(s * strideW - padW, 0); }
    public int colEnd(int s) { return Math.min(s * strideW - padW + kernelW, width); }
    public int outputSize() { return batch * channels * outHeight() * outWidth(); }
}
