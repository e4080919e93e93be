package ionas.nas.space;

/**
 * The best validation and test accuracy over all {@code cells} cells of a space, as published:
 * the reference regrets are measured from when a table holds the whole space.
 */
public record SpaceOptimum(int cells, double validationAccuracy, double testAccuracy) {}
