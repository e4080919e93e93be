package ionas.nas.predict;

import ionas.nas.search.SearchTable;

/** Which accuracy a predictor learns: the 3-repeat mean validation or test accuracy at 108 epochs. */
public enum PredictionTarget {
    VALIDATION,
    TEST;

    /** This accuracy of cell {@code i}. */
    public double of(SearchTable table, int i) {
        return this == VALIDATION ? table.validAccuracy(i) : table.testAccuracy(i);
    }

    /** Whether every cell of the table has this accuracy (the 20k records have no test accuracy). */
    public boolean availableIn(SearchTable table) {
        for (int i = 0; i < table.size(); i++) if (Double.isNaN(of(table, i))) return false;
        return true;
    }
}
