package ionas.nas.space;

/**
 * What a benchmark recorded for a cell: validation and test accuracy (NaN when the records have no
 * test accuracy) and the training time in seconds that a search is charged.
 */
public record CellRecord(double validationAccuracy, double testAccuracy, double trainingTime) {}
