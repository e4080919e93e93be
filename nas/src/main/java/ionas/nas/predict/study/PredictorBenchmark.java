package ionas.nas.predict.study;

import ionas.nas.Progress;
import ionas.nas.numeric.Correlation;
import ionas.nas.predict.PerformancePrediction;
import ionas.nas.predict.PredictionMetrics;
import ionas.nas.predict.Regressor;
import ionas.nas.predict.RegressorKind;
import ionas.nas.predict.TrainingStandardiser;
import ionas.nas.predict.encoding.CellEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The performance-predictor benchmark: every encoding x regressor x training size x seed. A fit
 * trains on the first {@code size} cells of {@code RandomState(seed).permutation(N)}
 * ({@link PerformancePrediction#trainingCells}, the same cells for every encoding and regressor)
 * and predicts all other cells, scored by RMSE, Pearson's r, Spearman's rho, Kendall's tau-b
 * ({@link Correlation}) and precision at the top 1% ({@link PredictionMetrics#precisionAtTop}).
 *
 * <p>Resumable and sharded: each finished fit is a row of one {@link PredictorResultsFile}; a run
 * skips the fits already there, and with {@code shardCount > 1} does only the grid items whose
 * index (in the order encoding, regressor, size, seed) is {@code shardIndex} modulo
 * {@code shardCount}. The fits run one after another on the calling thread (the forests' trees
 * in parallel on the common pool).
 */
public final class PredictorBenchmark {
    /** The training sizes the issue asks for by default (10,000 only when asked). */
    public static final List<Integer> SIZES = List.of(10, 25, 50, 100, 250, 1000);
    /** Seeds 1 to 10. */
    public static final List<Integer> SEEDS = IntStream.rangeClosed(1, 10).boxed().toList();
    /** The study's folder in a run folder ({@code runs/} by default), beside {@code predict/}. */
    public static final String FOLDER = "predict-study";
    /** Precision is measured at the top 1%. */
    public static final double TOP_FRACTION = 0.01;

    /**
     * What to run.
     *
     * @param shardIndex this process's part, 0-based, of {@code shardCount}
     */
    public record Grid(List<CellEncoding> encodings, List<RegressorKind> regressors, List<Integer> sizes, List<Integer> seeds, int shardIndex,
                       int shardCount) {
        public Grid {
            encodings = List.copyOf(encodings);
            regressors = List.copyOf(regressors);
            sizes = List.copyOf(sizes);
            seeds = List.copyOf(seeds);
            if (encodings.isEmpty() || regressors.isEmpty() || sizes.isEmpty() || seeds.isEmpty())
                throw new IllegalArgumentException("the grid needs at least one encoding, regressor, size and seed");
            if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
                throw new IllegalArgumentException("a shard is i/n with 0 <= i < n, not " + shardIndex + "/" + shardCount);
            if (encodings.stream().map(CellEncoding::name).distinct().count() != encodings.size())
                throw new IllegalArgumentException("two encodings share a name: " + encodings.stream().map(CellEncoding::name).toList());
        }

        /** The whole grid in one process. */
        public static Grid all(List<CellEncoding> encodings, List<RegressorKind> regressors, List<Integer> sizes, List<Integer> seeds) {
            return new Grid(encodings, regressors, sizes, seeds, 0, 1);
        }

        /** How many fits the whole grid has (all shards). */
        public int fits() {
            return encodings.size() * regressors.size() * sizes.size() * seeds.size();
        }
    }

    /**
     * What a run did.
     *
     * @param fitted fits made now
     * @param resumed fits of this shard found in the results file
     * @param otherShards fits left to the other shards
     * @param results every fit in the results file afterwards (other grids' and shards' too)
     */
    public record Outcome(int fitted, int resumed, int otherShards, List<PredictorFit> results) {}

    private final LabelledCells cells;
    private final PredictorResultsFile file;

    public PredictorBenchmark(LabelledCells cells, PredictorResultsFile file) {
        this.cells = cells;
        this.file = file;
    }

    /** Runs the fits of {@code grid} that this shard owns and the file lacks. */
    public Outcome run(Grid grid, Progress progress) throws IOException {
        int n = cells.size();
        List<Integer> tooLarge = grid.sizes().stream().filter(s -> s < 2 || s >= n).toList();
        if (!tooLarge.isEmpty())
            throw new IllegalArgumentException("training sizes " + tooLarge + ": each must be at least 2 and below the " + n
                    + " cells, whose others are the test set");
        Set<PredictorFit.Key> done = new HashSet<>();
        for (PredictorFit f : file.read()) {
            // a fit on other cells (a study restricted to the cells with zero-cost proxies, or the whole benchmark) must not pass for one of these
            if (f.testCells() != n - f.trainSize())
                throw new IllegalArgumentException(file.path() + " holds fits on another set of cells (" + f.encoding() + ", " + f.regressor() + ", "
                        + f.trainSize() + " training cells: " + f.testCells() + " test cells, not the " + (n - f.trainSize()) + " of these " + n
                        + " cells): give this study another --out");
            done.add(f.key());
        }
        record Item(CellEncoding encoding, RegressorKind regressor, int size, int seed) {}
        List<Item> todo = new ArrayList<>();
        int index = 0, resumed = 0, others = 0;
        for (CellEncoding e : grid.encodings())
            for (RegressorKind r : grid.regressors())
                for (int size : grid.sizes())
                    for (int seed : grid.seeds()) {
                        if (index++ % grid.shardCount() != grid.shardIndex()) others++;
                        else if (done.contains(new PredictorFit.Key(e.name(), r.shortName(), size, seed))) resumed++;
                        else todo.add(new Item(e, r, size, seed));
                    }
        try (Progress.Task task = progress.start("predictor benchmark", todo.size(), "fits")) {
            CellEncoding encoded = null;
            double[][] x = null;
            for (Item item : todo) {
                if (item.encoding() != encoded) { // items are grouped by encoding: each is encoded once
                    encoded = item.encoding();
                    x = encoded.encode(cells.hashes());
                }
                file.append(fit(x, encoded, item.regressor(), item.size(), item.seed()));
                task.step();
            }
        }
        return new Outcome(todo.size(), resumed, others, file.read());
    }

    /** One fit of {@code regressor} on the encoded cells {@code x}. */
    PredictorFit fit(double[][] x, CellEncoding encoding, RegressorKind regressor, int size, int seed) {
        int n = cells.size();
        int[] train = PerformancePrediction.trainingCells(n, size, seed);
        boolean[] inTrain = new boolean[n];
        for (int c : train) inTrain[c] = true;
        int[] test = IntStream.range(0, n).filter(i -> !inTrain[i]).toArray();
        double[][] xTrain = rows(x, train), xTest = rows(x, test);
        double[] yTrain = values(cells.accuracy(), train), yTest = values(cells.accuracy(), test);

        long start = System.nanoTime();
        if (encoding.standardisedOnTraining()) {
            TrainingStandardiser s = TrainingStandardiser.fit(xTrain);
            xTrain = s.apply(xTrain);
            xTest = s.apply(xTest);
        }
        Regressor.Fitted model = regressor.create().fit(xTrain, yTrain, seed);
        long fitted = System.nanoTime();
        double[] predicted = model.predict(xTest);
        long queried = System.nanoTime();
        return new PredictorFit(encoding.name(), regressor.shortName(), size, seed, test.length, PredictionMetrics.rmse(predicted, yTest),
                Correlation.pearson(predicted, yTest), Correlation.spearman(predicted, yTest), Correlation.kendall(predicted, yTest),
                PredictionMetrics.precisionAtTop(predicted, yTest, TOP_FRACTION), (fitted - start) / 1e9, (queried - fitted) / 1e9);
    }

    private static double[][] rows(double[][] x, int[] which) {
        double[][] out = new double[which.length][];
        for (int k = 0; k < which.length; k++) out[k] = x[which[k]];
        return out;
    }

    private static double[] values(double[] y, int[] which) {
        double[] out = new double[which.length];
        for (int k = 0; k < which.length; k++) out[k] = y[which[k]];
        return out;
    }
}
