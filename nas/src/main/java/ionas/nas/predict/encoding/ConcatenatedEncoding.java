package ionas.nas.predict.encoding;

import java.util.List;

/**
 * Two encodings side by side, e.g. arch2vec's embedding followed by the zero-cost vector: named
 * {@code first+second}, standardised on the training cells when either part is (an embedding's
 * features are then standardised too, which a forest does not notice and a GP and an MLP do anyway).
 */
public record ConcatenatedEncoding(CellEncoding first, CellEncoding second) implements CellEncoding {
    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    @Override
    public double[][] encode(List<String> hashes) {
        double[][] a = first.encode(hashes), b = second.encode(hashes);
        double[][] x = new double[hashes.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[a[i].length + b[i].length];
            System.arraycopy(a[i], 0, x[i], 0, a[i].length);
            System.arraycopy(b[i], 0, x[i], a[i].length, b[i].length);
        }
        return x;
    }

    @Override
    public boolean standardisedOnTraining() {
        return first.standardisedOnTraining() || second.standardisedOnTraining();
    }
}
