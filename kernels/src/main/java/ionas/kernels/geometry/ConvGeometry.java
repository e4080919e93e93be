package ionas.kernels.geometry;

/**
 * The sizes of one 2-d convolution over NCHW data: input (batch, inChannels, height, width),
 * weight (outChannels, inChannels, kernelH, kernelW), output (batch, outChannels, outHeight, outWidth).
 */
public record ConvGeometry(int batch, int inChannels, int height, int width,
                           int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW) {
    public ConvGeometry {
        if (batch < 0 || inChannels <= 0 || height <= 0 || width <= 0 || outChannels <= 0)
            throw new IllegalArgumentException("conv2d: sizes must be positive: " + this);
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("conv2d: bad kernel, stride or padding: " + this);
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW)
            throw new IllegalArgumentException("conv2d: kernel " + kernelH + "x" + kernelW
                    + " is larger than the padded input " + (height + 2 * padH) + "x" + (width + 2 * padW));
    }

    public int outHeight() { return (height + 2 * padH - kernelH) / strideH + 1; }
    public int outWidth() { return (width + 2 * padW - kernelW) / strideW + 1; }
    public int inputSize() { return batch * inChannels * height * width; }
    public int weightSize() { return outChannels * inChannels * kernelH * kernelW; }
    public int outputSize() { return batch * outChannels * outHeight() * outWidth(); }
}
