package ionas.nas.cifar;

import ionas.kernels.Philox;
import ionas.tensor.NDArray;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches of CIFAR-10 images for one epoch, prepared one batch ahead on a background thread so that
 * decoding and augmentation overlap with training. The order is a seeded shuffle per epoch (or the
 * given order when not shuffling); the last batch may be smaller.
 */
public final class CifarLoader implements Iterable<CifarLoader.Batch> {
    /** Images (batch, 3, 32, 32), labels (batch) as float class indices, and which images they are. */
    public record Batch(NDArray images, NDArray labels, int[] indices) {}

    private final CifarImages images;
    private final int[] subset;
    private final int batchSize;
    private final CifarTransform transform;
    private final boolean shuffle;
    private final long seed;
    private final int epoch;

    /**
     * @param subset which images (e.g. a split's training indices)
     * @param shuffle whether to visit them in a fresh random order each epoch
     * @param seed the seed of the shuffle (the transform has its own)
     */
    public CifarLoader(CifarImages images, int[] subset, int batchSize, CifarTransform transform,
                       boolean shuffle, long seed, int epoch) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        for (int i : subset) {
            if (i < 0 || i >= images.count())
                throw new IndexOutOfBoundsException("image index " + i + " is outside 0.." + (images.count() - 1));
        }
        this.images = images;
        this.subset = subset.clone();
        this.batchSize = batchSize;
        this.transform = transform;
        this.shuffle = shuffle;
        this.seed = seed;
        this.epoch = epoch;
    }

    public int batches() {
        return (subset.length + batchSize - 1) / batchSize;
    }

    /** The visiting order of this epoch: a Fisher-Yates shuffle driven by Philox(seed, epoch stream). */
    int[] order() {
        int[] order = subset.clone();
        if (!shuffle) return order;
        long base = (long) epoch << 32;
        for (int i = order.length - 1; i > 0; i--) {
            int j = (int) (((Philox.bits(seed, base + i) & 0xFFFFFFFFL) * (i + 1)) >>> 32);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Builds batch {@code b} of the given order (visible for tests). */
    Batch batch(int[] order, int b) {
        int from = b * batchSize, n = Math.min(batchSize, order.length - from);
        float[] pixels = new float[n * CifarImages.IMAGE_BYTES], labels = new float[n];
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) {
            int image = order[from + k];
            idx[k] = image;
            labels[k] = images.label(image);
            transform.apply(images, image, (long) epoch * images.count() + image, pixels, k * CifarImages.IMAGE_BYTES);
        }
        return new Batch(NDArray.of(pixels, n, CifarImages.CHANNELS, CifarImages.SIDE, CifarImages.SIDE),
                NDArray.of(labels, n), idx);
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = order();
        int total = batches();
        BlockingQueue<Object> ready = new ArrayBlockingQueue<>(2);
        Thread producer = Thread.ofPlatform().daemon().name("cifar-loader").start(() -> {
            try {
                for (int b = 0; b < total; b++) ready.put(batch(order, b));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                ready.offer(e); // handed to the consumer, which rethrows it
            }
        });
        return new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < total;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                try {
                    Object o = ready.take();
                    if (o instanceof RuntimeException e) throw e;
                    taken++;
                    return (Batch) o;
                } catch (InterruptedException e) {
                    producer.interrupt();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a CIFAR-10 batch", e);
                }
            }
        };
    }
}
