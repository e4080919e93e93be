package ionas.nas.proxies;

import ionas.nas.space.NetworkShape;

/**
 * How the proxies score a cell: the NAS-Bench-101 network with a stem of {@code stemChannels}
 * (3 stacks of 3 cells, 10 classes), its weights drawn from {@code seed}, on one CIFAR-10 training
 * minibatch of {@code batch} images drawn from {@code seed}.
 */
public record ProxySettings(int stemChannels, int batch, long seed) {
    /** The network NAS-Bench-101 trains. */
    public static final int STEM = 128;
    /** zero-cost-nas's NAS-Bench-101 setting ({@code nasbench1_pred.py --batch_size}). */
    public static final int BATCH = 256;
    /** The cheap version's stem. */
    public static final int CHEAP_STEM = 16;
    /** The seed of the weights and of the minibatch. */
    public static final long SEED = 0;
    /** NAS-Bench-101's stacks and cells per stack. */
    public static final int STACKS = 3, CELLS_PER_STACK = 3;

    /** Stem 128, batch 256, seed 0. */
    public static final ProxySettings DEFAULT = new ProxySettings(STEM, BATCH, SEED);

    public ProxySettings {
        if (stemChannels < 1) throw new IllegalArgumentException("the stem needs at least 1 channel, not " + stemChannels);
        if (batch < 2) throw new IllegalArgumentException("the minibatch needs at least 2 images (jacob_cov and nwot compare images), not " + batch);
    }

    /** The network's shape: this stem, NAS-Bench-101's stacks. */
    public NetworkShape shape() {
        return new NetworkShape(stemChannels, STACKS, CELLS_PER_STACK);
    }
}
