package ionas.nas.search;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.nb101.data.QueryResult;
import ionas.nas.nb101.data.RepeatMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tabular benchmark a search runs on (arch2vec's {@code arch2vec-model-nasbench101.pt} dict,
 * spec 3.8): per cell its embedding, the 3-repeat mean validation and test accuracy at 108 epochs
 * and the mean training time in seconds. Querying a cell is a look-up; the search is charged the
 * training time.
 *
 * <p>Test accuracy is NaN for every cell when the records have none (the 20k JSON records); the
 * test regrets of a search are then NaN too.
 *
 * <p>Immutable, so one table serves many concurrent runs. The embeddings are also held
 * column-major ({@code columns()}) for the nearest-neighbour scan.
 */
public final class SearchTable {
    /** arch2vec's hard-coded maxima of the whole NAS-Bench-101 space ({@code reinforce.py}, {@code dngo.py}). */
    public static final double FULL_SPACE_BEST_VALID = 0.9505542318026224, FULL_SPACE_BEST_TEST = 0.943175752957662;

    /** Where the accuracies that regrets are measured from come from. */
    public enum RegretReference {
        /** arch2vec's constants: the table is the whole official space. */
        FULL_SPACE_CONSTANTS,
        /** The table's own maxima: a subset (such as the 20k records) or synthetic data. */
        TABLE_MAXIMA
    }

    private final int size, dim;
    private final float[] rows;    // size x dim, row-major
    private final float[] columns; // dim x size, column-major
    private final double[] valid, test, time;
    private final List<String> hashes; // null for synthetic tables
    private final RegretReference reference;
    private final double bestValid, bestTest;

    private SearchTable(float[] rows, int dim, double[] valid, double[] test, double[] time, List<String> hashes,
                        boolean fullSpace) {
        if (dim <= 0) throw new IllegalArgumentException("embedding dimension must be positive, not " + dim);
        this.size = valid.length;
        if (rows.length != size * dim || test.length != size || time.length != size)
            throw new IllegalArgumentException("table columns disagree: " + rows.length + " embedding values for dimension " + dim
                    + ", " + valid.length + " validation, " + test.length + " test and " + time.length + " time entries");
        if (size == 0) throw new IllegalArgumentException("a search table needs at least one cell");
        for (int i = 0; i < size; i++) {
            if (!(time[i] >= 0) || Double.isInfinite(time[i]))
                throw new IllegalArgumentException("cell " + i + " has training time " + time[i] + "; the budget needs a finite time >= 0");
            if (Double.isNaN(valid[i])) throw new IllegalArgumentException("cell " + i + " has no validation accuracy");
        }
        this.dim = dim;
        this.rows = rows.clone();
        this.valid = valid.clone();
        this.test = test.clone();
        this.time = time.clone();
        this.hashes = hashes == null ? null : List.copyOf(hashes);
        columns = new float[rows.length];
        for (int i = 0; i < size; i++) for (int d = 0; d < dim; d++) columns[d * size + i] = rows[i * dim + d];
        reference = fullSpace ? RegretReference.FULL_SPACE_CONSTANTS : RegretReference.TABLE_MAXIMA;
        bestValid = fullSpace ? FULL_SPACE_BEST_VALID : Arrays.stream(valid).max().orElseThrow();
        bestTest = fullSpace ? FULL_SPACE_BEST_TEST : maxOrNaN(test);
    }

    private static double maxOrNaN(double[] x) {
        double m = Double.NaN;
        for (double v : x) if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) m = v;
        return m;
    }

    /**
     * A synthetic table (tests, toy problems): regrets are measured from its own maxima.
     *
     * @param embeddings row-major {@code n x dim}
     */
    public static SearchTable of(float[] embeddings, int dim, double[] valid, double[] test, double[] time) {
        return new SearchTable(embeddings, dim, valid, test, time, null, false);
    }

    /**
     * The cells present both in the embedding file and in the benchmark, in the embedding file's
     * order, with the benchmark's 108-epoch repeat means. With the whole official space (all
     * 423,624 cells and test accuracies) regrets use arch2vec's constants, otherwise the table's
     * own maxima (see {@link #regretReference()}).
     */
    public static SearchTable of(Arch2VecEmbeddings embeddings, NasBench bench) {
        int dim = embeddings.dim();
        List<String> kept = new ArrayList<>();
        float[] rows = new float[embeddings.size() * dim];
        double[] valid = new double[embeddings.size()], test = new double[embeddings.size()], time = new double[embeddings.size()];
        float[] all = embeddings.embeddings();
        for (int i = 0; i < embeddings.size(); i++) {
            String h = embeddings.hashes().get(i);
            if (!bench.contains(h)) continue;
            int k = kept.size();
            QueryResult r = bench.result(h, NasBench.DEFAULT_EPOCHS, RepeatMode.MEAN, null);
            valid[k] = r.validationAccuracy();
            test[k] = r.testAccuracy();
            time[k] = r.trainingTime();
            System.arraycopy(all, i * dim, rows, k * dim, dim);
            kept.add(h);
        }
        int n = kept.size();
        if (n == 0) throw new IllegalArgumentException("no cell of the embedding file is in " + bench.source());
        boolean full = n == SearchSpace.FULL_SIZE && bench.hasTestAccuracy();
        return new SearchTable(Arrays.copyOf(rows, n * dim), dim, Arrays.copyOf(valid, n), Arrays.copyOf(test, n),
                Arrays.copyOf(time, n), kept, full);
    }

    /**
     * A 64-bit digest of everything a run reads from the table (embeddings, accuracies, times,
     * regret reference), as hex: two tables with the same fingerprint give the same runs.
     */
    public String fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (float v : rows) h = mix(h, Float.floatToIntBits(v));
        for (double[] column : new double[][] {valid, test, time})
            for (double v : column) h = mix(h, Double.doubleToLongBits(v));
        h = mix(h, dim);
        h = mix(h, reference.ordinal());
        return String.format("%016x", h);
    }

    /** FNV-1a over the eight bytes of {@code v}. */
    private static long mix(long h, long v) {
        for (int b = 0; b < 8; b++) {
            h ^= (v >>> (8 * b)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /** Cell {@code i}'s embedding (a copy). */
    public float[] embedding(int i) {
        return Arrays.copyOfRange(rows, i * dim, (i + 1) * dim);
    }

    /** Coordinate {@code d} of every cell, read in place: index {@code d * size() + i}. Do not modify. */
    float[] columns() {
        return columns;
    }

    /** Row-major embeddings, read in place. Do not modify. */
    float[] rows() {
        return rows;
    }

    public double validAccuracy(int i) {
        return valid[i];
    }

    /** NaN when the records have no test accuracy. */
    public double testAccuracy(int i) {
        return test[i];
    }

    /** Mean training time in seconds: what a query is charged. */
    public double trainingTime(int i) {
        return time[i];
    }

    /** The cell's NAS-Bench-101 hash; null for synthetic tables. */
    public String hash(int i) {
        return hashes == null ? null : hashes.get(i);
    }

    /** The hashes in table order, or an empty list for synthetic tables. */
    public List<String> hashes() {
        return hashes == null ? List.of() : hashes;
    }

    /** The validation accuracy that validation regret is measured from. */
    public double bestValid() {
        return bestValid;
    }

    /** The test accuracy that test regret is measured from (NaN when the table has no test accuracies). */
    public double bestTest() {
        return bestTest;
    }

    public RegretReference regretReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "SearchTable(" + size + " cells x " + dim + ", regrets from " + reference + ": valid " + bestValid + ", test " + bestTest + ")";
    }
}
