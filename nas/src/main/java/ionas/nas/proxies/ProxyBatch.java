package ionas.nas.proxies;

import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarLoader;
import ionas.nas.cifar.CifarTransform;
import ionas.tensor.NDArray;
import java.util.stream.IntStream;

/** The one CIFAR-10 training minibatch the proxies score every cell on. */
public record ProxyBatch(NDArray images, NDArray labels) {
    /**
     * The first minibatch of {@code batch} images of a shuffled epoch over {@code train}, with the
     * training augmentation (random crop and flip, then normalisation), the shuffle and the
     * augmentation drawn from {@code seed}: what zero-cost-nas takes from its training loader.
     */
    public static ProxyBatch of(CifarImages train, int batch, long seed) {
        if (batch > train.count()) throw new IllegalArgumentException("a minibatch of " + batch + " images from " + train.count());
        int[] all = IntStream.range(0, train.count()).toArray();
        CifarLoader.Batch b = new CifarLoader(train, all, batch, CifarTransform.training(seed), true, seed, 0).iterator().next();
        return new ProxyBatch(b.images(), b.labels());
    }
}
