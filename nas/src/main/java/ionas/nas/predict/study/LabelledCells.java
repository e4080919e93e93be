package ionas.nas.predict.study;

import java.util.List;

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
}
