package ionas.nas.predict.study;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The cells of the benchmark and what is predicted of them: on NAS-Bench-101's 20,001 records,
 * their hashes and validation accuracies.
 */
public record LabelledCells(List<String> hashes, double[] accuracy) {
    public LabelledCells {
        hashes = List.copyOf(hashes);
        accuracy = accuracy.clone();
        if (hashes.size() != accuracy.length) throw new IllegalArgumentException(hashes.size() + " hashes but " + accuracy.length + " accuracies");
        for (int i = 0; i < accuracy.length; i++)
            if (!Double.isFinite(accuracy[i])) throw new IllegalArgumentException("cell " + hashes.get(i) + " has no accuracy (" + accuracy[i] + ")");
    }

    public int size() {
        return accuracy.length;
    }

    /**
     * The cells {@code keep} accepts, in this order: the study on the cells an encoding covers (the
     * zero-cost proxies of a part of the benchmark), so that every encoding is fitted and tested on
     * the same cells.
     */
    public LabelledCells restrictedTo(Predicate<String> keep) {
        List<String> kept = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < accuracy.length; i++) {
            if (keep.test(hashes.get(i))) {
                kept.add(hashes.get(i));
                values.add(accuracy[i]);
            }
        }
        return new LabelledCells(kept, values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
