package ionas.nas.cifar;

/**
 * CIFAR-10 images as stored in the official binary files: per image one label byte, then 1,024
 * red, 1,024 green and 1,024 blue bytes, rows of 32 pixels top to bottom.
 *
 * @param pixels (count, 3, 32, 32) unsigned bytes
 * @param labels (count) class indices 0..9
 */
public record CifarImages(byte[] pixels, byte[] labels) {
    public static final int SIDE = 32, CHANNELS = 3, IMAGE_BYTES = CHANNELS * SIDE * SIDE, CLASSES = 10;

    public CifarImages {
        if (pixels.length != labels.length * IMAGE_BYTES)
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel bytes");
    }

    public int count() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** The unsigned value of channel c, row y, column x of image i. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * IMAGE_BYTES + (c * SIDE + y) * SIDE + x] & 0xFF;
    }
}
