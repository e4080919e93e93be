package ionas.nas.search;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.space.Benchmark;
import ionas.nas.space.CellRecord;
import ionas.nas.space.SpaceOptimum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tabular benchmark a search runs on (arch2vec's {@code arch2vec-model-nasbench101.pt} dict,
 * spec 3.8): per cell its embedding, the {@link Benchmark}'s record (on NAS-Bench-101 the 3-repeat
 * mean validation and test accuracy at 108 epochs) and the training time in seconds. Querying a cell is a look-up; the search is charged the
 * training time.
 *
 * <p>Test accuracy is NaN for every cell when the records have none (the 20k JSON records); the
 * test regrets of a search are then NaN too.
 *
 * <p>Immutable, so one table serves many concurrent runs. The embeddings are also held
 * column-major ({@code columns()}) for the nearest-neighbour scan.
 */
public final class SearchTable {
    /** Where the accuracies that regrets are measured from come from. */
    public enum RegretReference {
        /** The space's published optimum ({@link Benchmark#optimum()}): the table is the whole space. */
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
                        SpaceOptimum fullSpace) {
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
        reference = fullSpace != null ? RegretReference.FULL_SPACE_CONSTANTS : RegretReference.TABLE_MAXIMA;
        bestValid = fullSpace != null ? fullSpace.validationAccuracy() : Arrays.stream(valid).max().orElseThrow();
        bestTest = fullSpace != null ? fullSpace.testAccuracy() : maxOrNaN(test);
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
        return new SearchTable(embeddings, dim, valid, test, time, null, null);
    }

    /**
     * The cells present both in the embedding file and in the benchmark, in the embedding file's
     * order, with the benchmark's records. When the table holds the whole space and the benchmark
     * knows the space's optimum (NAS-Bench-101's official records: arch2vec's constants), regrets
     * are measured from it, otherwise from the table's own maxima (see {@link #regretReference()}).
     */
    public static SearchTable of(Arch2VecEmbeddings embeddings, Benchmark bench) {
        int dim = embeddings.dim();
        List<String> kept = new ArrayList<>();
        float[] rows = new float[embeddings.size() * dim];
        double[] valid = new double[embeddings.size()], test = new double[embeddings.size()], time = new double[embeddings.size()];
        float[] all = embeddings.embeddings();
        for (int i = 0; i < embeddings.size(); i++) {
            String h = embeddings.hashes().get(i);
            if (!bench.contains(h)) continue;
            int k = kept.size();
            CellRecord r = bench.record(h);
            valid[k] = r.validationAccuracy();
            test[k] = r.testAccuracy();
            time[k] = r.trainingTime();
            System.arraycopy(all, i * dim, rows, k * dim, dim);
            kept.add(h);
        }
        int n = kept.size();
        if (n == 0) throw new IllegalArgumentException("no cell of the embedding file is in " + bench.source());
        SpaceOptimum full = bench.optimum().filter(o -> o.cells() == n).orElse(null);
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

    /** The cell's key in its space (on NAS-Bench-101 its hash); null for synthetic tables. */
    public String hash(int i) {
        return hashes == null ? null : hashes.get(i);
    }

    /** The cells' keys in table order, or an empty list for synthetic tables. */
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
