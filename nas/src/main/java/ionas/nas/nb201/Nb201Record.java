package ionas.nas.nb201;

import java.util.EnumMap;
import java.util.Map;

/**
 * One cell's entry in the NAS-Bench-201 records: the benchmark's index, the cell, and its
 * validation accuracy after 200 epochs on each data set, in percent (averaged over the benchmark's
 * seeds). There are no test accuracies in the shared records.
 */
public record Nb201Record(int index, Nb201Cell cell, Map<Nb201Dataset, Double> validationAccuracy) {
    public Nb201Record {
        validationAccuracy = new EnumMap<>(validationAccuracy);
        for (Nb201Dataset d : Nb201Dataset.values()) {
            if (!validationAccuracy.containsKey(d)) throw new IllegalArgumentException("cell " + index + " (" + cell + ") has no validation accuracy for " + d.label());
        }
    }

    /** The validation accuracy on {@code dataset}, in percent. */
    public double accuracy(Nb201Dataset dataset) {
        return validationAccuracy.get(dataset);
    }
}
