package ionas.nn.optim;

/**
 * The learning rate follows half a cosine from its initial value to {@code etaMin} over
 * {@code tMax} steps: lr_t = etaMin + (lr_0 - etaMin)(1 + cos(pi t / tMax)) / 2, as PyTorch's
 * CosineAnnealingLR (closed form). Call {@link #step()} once per epoch or once per batch, whichever
 * {@code tMax} counts.
 */
public final class CosineAnnealingLR {
    private final Optimizer optimizer;
    private final double baseLr, etaMin;
    private final int tMax;
    private int t;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be > 0, not " + tMax);
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    public void step() {
        setEpoch(t + 1);
    }

    /** Jumps to step {@code t} (for resuming). */
    public void setEpoch(int t) {
        this.t = t;
        optimizer.setLr(lrAt(t));
    }

    public int epoch() { return t; }

    public double lrAt(int t) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}
