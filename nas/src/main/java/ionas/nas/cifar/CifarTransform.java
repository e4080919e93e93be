package ionas.nas.cifar;

import ionas.kernels.Philox;

/**
 * Turns CIFAR-10 bytes into network input, as NASBench-PyTorch does: in training a random 32x32
 * crop of the image padded by 4 zero pixels on each side and a horizontal flip with probability 1/2
 * (torchvision's RandomCrop(32, padding=4) and RandomHorizontalFlip), then scaling to [0, 1] and
 * per-channel normalisation with NASBench-PyTorch's constants. The padding is black in pixel space,
 * so after normalisation it is -mean/std, not 0, exactly as in torchvision.
 *
 * <p>The random draws are Philox numbers of (seed, image position in the epoch's stream), so a run
 * can be repeated and resumed.
 */
public final class CifarTransform {
    /** NASBench-PyTorch's normalisation (which differs from NAS-Bench-101's TensorFlow constants). */
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f}, STD = {0.2023f, 0.1994f, 0.2010f};
    public static final int PAD = 4;

    private final boolean augment;
    private final long seed;

    private CifarTransform(boolean augment, long seed) {
        this.augment = augment;
        this.seed = seed;
    }

    /** Crop and flip, then normalise. */
    public static CifarTransform training(long seed) {
        return new CifarTransform(true, seed);
    }

    /** Normalise only. */
    public static CifarTransform evaluation() {
        return new CifarTransform(false, 0);
    }

    public boolean augments() {
        return augment;
    }

    /**
     * Writes image {@code index} of {@code images}, transformed, into {@code out} at {@code offset}
     * (3 x 32 x 32 floats); {@code draw} numbers the random draw (e.g. epoch * N + position).
     */
    public void apply(CifarImages images, int index, long draw, float[] out, int offset) {
        int dy = 0, dx = 0;
        boolean flip = false;
        if (augment) {
            int bits = Philox.bits(seed, draw);
            dy = (bits & 0xFF) % (2 * PAD + 1) - PAD;         // crop offset in [-4, 4]
            dx = ((bits >>> 8) & 0xFF) % (2 * PAD + 1) - PAD;
            flip = ((bits >>> 16) & 1) == 1;
        }
        int side = CifarImages.SIDE;
        for (int c = 0; c < CifarImages.CHANNELS; c++) {
            float scale = 1 / (255f * STD[c]), shift = -MEAN[c] / STD[c];
            for (int y = 0; y < side; y++) {
                int sy = y + dy;
                for (int x = 0; x < side; x++) {
                    int sx = (flip ? side - 1 - x : x) + dx;
                    int v = sy >= 0 && sy < side && sx >= 0 && sx < side ? images.pixel(index, c, sy, sx) : 0;
                    out[offset + (c * side + y) * side + x] = v * scale + shift;
                }
            }
        }
    }
}
