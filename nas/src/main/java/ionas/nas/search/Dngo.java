package ionas.nas.search;

import ionas.nas.numeric.StandardNormal;
import ionas.nas.random.NumpyRandomState;
import ionas.tensor.Generator;
import java.util.Arrays;

/**
 * arch2vec's Bayesian optimisation with DNGO on a table of embeddings (spec 3.10,
 * {@code search_methods/dngo.py} with pybnn's {@code DNGO}).
 *
 * <pre>
 * pool = the first 16 cells of RandomState(seed).permutation(N), each charged and traced
 * while spent &lt; budget:
 *     fit a {@link DngoModel} (network + Bayesian linear regression) to the pool's embeddings and
 *         validation accuracies
 *     for every cell: mean mu, variance v;  u = (mu - 0.95) / v;  EI = v (pdf(u) + u cdf(u))
 *     propose the 5 cells of largest EI, taken in increasing EI order (argsort(EI)[-5:])
 *     for each: charge it, trace it, add it to the pool;  stop once spent &gt;= budget
 * </pre>
 *
 * <p>Followed as coded: the variance where EI wants the standard deviation, the fixed
 * {@code f* = 0.95} instead of the incumbent, the non-squared residual norm in the likelihood
 * ({@link BayesianLinearRegression.Evidence}), a fresh model (and a fresh {@code RandomState(seed)}
 * for minibatches and the hyper-parameters' start) every round, the initial cells charged, the
 * budget test after each query, ties in EI broken as a stable ascending argsort would (the higher
 * index counts as larger).
 *
 * <p>De-duplication: arch2vec means to skip proposals it has already evaluated, but keys its
 * {@code visited} dict by 0-d tensors, which hash by identity, so the check never matches and a
 * cell can be proposed, charged and added to the pool again. {@link #ARCH2VEC} keeps that
 * behaviour ({@code deduplicate = false}); with {@code deduplicate = true} each round proposes the
 * 5 best cells not yet evaluated (the intent; filtering the top 5 afterwards, as the supervised
 * variant does, could stall once all 5 were seen). A run also stops when a round has nothing to
 * propose or the table is used up.
 *
 * <p>On NAS-Bench-201 ({@link #ARCH2VEC_NB201}) the loop is the same with one proposal a round,
 * so a model is fitted before every query after the initial ones, and EI against {@code f* = 1.0}.
 * That script builds pybnn's model without {@code rng=seed} (its minibatch generator then draws its
 * seed from NumPy's global state) and shuffles its table with {@code random.shuffle} first; here
 * both are as on NAS-Bench-101: {@code RandomState(seed)} and the table's order.
 *
 * <p>Deviations: the network's initial weights come from ionas' Philox {@link Generator} seeded
 * with the seed (one stream for the whole run, as PyTorch's global generator is), not PyTorch's;
 * the minibatch order and the hyper-parameters' start are NumPy's, number for number. The EI is
 * computed in double precision (the reference: float32), with the distribution function as torch
 * writes it ({@link StandardNormal}), so where float32 would underflow to exact ties this ranks.
 */
public final class Dngo implements SearchAlgorithm {
    /** Cells predicted per network call; only memory depends on it. */
    private static final int CHUNK = 4096;

    /**
     * @param initialSize random cells evaluated first ({@code --init_size 16})
     * @param proposalsPerRound cells proposed per round ({@code --topk 5})
     * @param epochs network training epochs (100)
     * @param hiddenUnits basis functions ({@code n_units=128})
     * @param batchSize minibatch size (10)
     * @param learningRate Adam's (0.01)
     * @param targetAccuracy EI's {@code f*} (0.95)
     * @param deduplicate whether proposals skip evaluated cells (arch2vec: in effect no)
     * @param budget simulated seconds ({@code MAX_BUDGET} = 1.5e6)
     */
    public record Config(int initialSize, int proposalsPerRound, int epochs, int hiddenUnits, int batchSize,
                         double learningRate, double targetAccuracy, boolean deduplicate, double budget) {
        public Config {
            if (initialSize < 1 || proposalsPerRound < 1 || epochs < 0 || hiddenUnits < 1 || batchSize < 1
                    || !(learningRate >= 0) || !(budget > 0))
                throw new IllegalArgumentException("invalid DNGO config " + initialSize + ", " + proposalsPerRound + ", " + epochs
                        + ", " + hiddenUnits + ", " + batchSize + ", " + learningRate + ", " + budget);
        }

        public Config withBudget(double seconds) {
            return new Config(initialSize, proposalsPerRound, epochs, hiddenUnits, batchSize, learningRate, targetAccuracy,
                    deduplicate, seconds);
        }

        /** The same with expected improvement measured against {@code fStar}. */
        public Config withTargetAccuracy(double fStar) {
            return new Config(initialSize, proposalsPerRound, epochs, hiddenUnits, batchSize, learningRate, fStar, deduplicate, budget);
        }

        public Config withDeduplicate(boolean on) {
            return new Config(initialSize, proposalsPerRound, epochs, hiddenUnits, batchSize, learningRate, targetAccuracy, on,
                    budget);
        }
    }

    /** {@code run_dngo_arch2vec.sh}: 16 initial cells, top 5, 100 epochs, 128 units, f* = 0.95, no working de-dup, 1.5e6 s. */
    public static final Config ARCH2VEC = new Config(16, 5, 100, 128, 10, 0.01, 0.95, false, ARCH2VEC_BUDGET);

    /**
     * NAS-Bench-201 ({@code dngo_search_NB201_8x8.py} with {@code run_dngo_arch2vec_nasbench201_cifar10_valid.sh}):
     * 16 initial cells, one proposal a round ({@code --batch_size 1}), f* = 1.0, the same network and
     * the same broken de-duplication; the script's budget is 12,000 s of the benchmark's training times.
     */
    public static final Config ARCH2VEC_NB201 = new Config(16, 1, 100, 128, 10, 0.01, 1.0, false, 12_000);

    private final Config config;

    public Dngo(Config config) {
        this.config = config;
    }

    public Dngo() {
        this(ARCH2VEC);
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "dngo";
    }

    @Override
    public String settings() {
        return config.toString();
    }

    /** arch2vec's initial cells: the first {@code initialSize} of {@code RandomState(seed).permutation(N)}. */
    public static int[] initialCells(int seed, int n, int initialSize) {
        return Arrays.copyOf(new NumpyRandomState(Integer.toUnsignedLong(seed)).permutation(n), Math.min(initialSize, n));
    }

    @Override
    public Trace run(SearchTable table, int seed) {
        int n = table.size(), dim = table.dim();
        Generator init = new Generator(seed);
        TraceRecorder rec = new TraceRecorder(table, config.budget());
        Observations seen = new Observations(table, rec);
        for (int cell : initialCells(seed, n, config.initialSize())) seen.query(cell);

        double[] mean = new double[n], variance = new double[n];
        while (!rec.budgetSpent() && !(config.deduplicate() && seen.distinct == n)) {
            DngoModel model = DngoModel.fit(Arrays.copyOf(seen.x, seen.size * dim), dim, Arrays.copyOf(seen.y, seen.size), seed, init, config);
            for (int from = 0; from < n; from += CHUNK) model.predict(table.rows(), from, Math.min(n, from + CHUNK), mean, variance);
            double[] ei = expectedImprovement(mean, variance, config.targetAccuracy());
            int[] proposals = topByAscendingArgsort(ei, config.proposalsPerRound(), config.deduplicate() ? seen.visited : null);
            if (proposals.length == 0) break;
            for (int cell : proposals) {
                seen.query(cell);
                if (rec.budgetSpent()) break;
            }
        }
        return rec.trace();
    }

    /** The evaluated cells (repeats included, as the reference re-fits on them): embeddings and validation accuracies. */
    private static final class Observations {
        private final SearchTable table;
        private final TraceRecorder rec;
        final boolean[] visited;
        float[] x;
        double[] y = new double[64];
        int size, distinct;

        Observations(SearchTable table, TraceRecorder rec) {
            this.table = table;
            this.rec = rec;
            visited = new boolean[table.size()];
            x = new float[64 * table.dim()];
        }

        /** Charges {@code cell} and adds it to the data the next model is fitted on. */
        void query(int cell) {
            rec.query(cell);
            if (!visited[cell]) distinct++;
            visited[cell] = true;
            if (size == y.length) {
                x = Arrays.copyOf(x, 2 * x.length);
                y = Arrays.copyOf(y, 2 * y.length);
            }
            int dim = table.dim();
            System.arraycopy(table.rows(), cell * dim, x, size * dim, dim);
            y[size++] = table.validAccuracy(cell);
        }
    }

    /**
     * arch2vec's acquisition: {@code u = (mu - fStar) / v}, {@code EI = v (pdf(u) + u cdf(u))}, with
     * the variance {@code v} where the standard deviation belongs.
     */
    public static double[] expectedImprovement(double[] mean, double[] variance, double fStar) {
        double[] ei = new double[mean.length];
        for (int i = 0; i < ei.length; i++) {
            double v = variance[i], u = (mean[i] - fStar) / v;
            ei[i] = v * (StandardNormal.pdf(u) + u * StandardNormal.cdf(u));
        }
        return ei;
    }

    /**
     * {@code argsort(values)[-k:]} for a stable ascending sort (ties: the higher index is the
     * larger), skipping cells marked in {@code skip} when it is not null; in ascending order.
     */
    static int[] topByAscendingArgsort(double[] values, int k, boolean[] skip) {
        int[] best = new int[k]; // ascending: best[0] is the smallest kept
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (skip != null && skip[i]) continue;
            if (count < k) {
                int p = count++;
                while (p > 0 && after(values, best[p - 1], i)) {
                    best[p] = best[p - 1];
                    p--;
                }
                best[p] = i;
            } else if (after(values, i, best[0])) {
                int p = 0;
                while (p + 1 < k && after(values, i, best[p + 1])) {
                    best[p] = best[p + 1];
                    p++;
                }
                best[p] = i;
            }
        }
        return Arrays.copyOf(best, count);
    }

    // whether cell a sorts after cell b: larger value, or equal value and larger index; NaN sorts last, as in torch
    private static boolean after(double[] values, int a, int b) {
        int c = Double.compare(values[a], values[b]); // Double.compare puts NaN above everything
        return c > 0 || (c == 0 && a > b);
    }

    @Override
    public String toString() {
        return "Dngo(" + config + ")";
    }
}
