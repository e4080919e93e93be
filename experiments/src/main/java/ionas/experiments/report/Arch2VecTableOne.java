package ionas.experiments.report;

/**
 * One row of arch2vec's Table 1 (Yan et al., NeurIPS 2020): the reconstruction accuracy, validity and
 * uniqueness its pre-trained VAE reaches on a search space, as fractions. The report judges our
 * pre-training against these, and {@code ionas arch2vec train} prints them beside its first epoch.
 *
 * @param where the row, in words
 */
public record Arch2VecTableOne(String where, double reconstruction, double validity, double uniqueness) {
    /** The NAS-Bench-101 row (spec 3.6). */
    public static final Arch2VecTableOne NB101 = new Arch2VecTableOne("arch2vec's Table 1, NAS-Bench-101", 1.0, 0.4497, 0.9969);

    /**
     * The NAS-Bench-201 row (spec 3.6); its uniqueness counts decoded graphs by their hash, as
     * arch2vec's script does.
     */
    public static final Arch2VecTableOne NB201 = new Arch2VecTableOne("arch2vec's Table 1, NAS-Bench-201", 1.0, 0.7941, 0.9872);
}
