package ionas.nas.search;

import ionas.nas.random.PythonRandom;
import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nn.layers.LSTMCell;
import ionas.nn.optim.Adam;
import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * arch2vec's REINFORCE search on a table of embeddings (spec 3.9, {@code search_methods/reinforce.py}).
 *
 * <pre>
 * state = embedding of cell randint(0, N) (Python's random, seeded with the seed; not charged)
 * while spent &lt; budget:
 *     for 16 steps:                      (one episode; LSTM state carried, gradients flow through it)
 *         a ~ N(policy(state), I)
 *         cell = nearest unvisited cell to a;  state = its embedding
 *         reward = its validation accuracy;  charge its training time;  record a trace entry
 *         stop the episode once spent &gt;= budget
 *     loss = mean_t( -log pi(a_t) (r_t - 0.95) );  Adam step (lr 1e-2);  reset LSTM state
 * </pre>
 *
 * <p>Followed exactly: no discount (arch2vec computes gamma = 0.8 returns and then overwrites them
 * with the raw rewards), constant baseline, loss a mean over the episode, the initial cell
 * uncharged, the budget test after each query. Python's {@code random.seed}/{@code randint} are
 * reproduced bit for bit ({@link PythonRandom}), so the initial cell is arch2vec's.
 *
 * <p>On NAS-Bench-201 ({@link #ARCH2VEC_NB201}, {@code reinforce_search_NB201_8x8.py}) the loop is
 * the same with baseline 0.4 and a step that passes over the cell nearest to the action
 * ({@link Step#PAST_THE_NEAREST}). That script also shuffles its table with {@code random.shuffle}
 * before drawing the initial cell; here the table keeps its order, so the initial cell is as
 * uniform but not the script's.
 *
 * <p>Deviations: the policy's initial weights and the Gaussian noise come from ionas' Philox
 * {@link Generator} seeded with the seed, not from PyTorch's CPU Mersenne Twister, so runs are
 * deterministic per seed but not PyTorch's runs. {@code randint(0, N)} can return N (arch2vec's
 * off-by-one, an IndexError in Python, probability 1/(N+1)); here it is taken as cell N-1. A run
 * also stops when every cell has been visited (only possible on small tables).
 */
public final class Reinforce implements SearchAlgorithm {
    /**
     * @param episode steps per update (arch2vec's {@code --bs 16})
     * @param hidden LSTM hidden size (128)
     * @param learningRate Adam's (1e-2)
     * @param baseline subtracted from each reward (0.95)
     * @param budget simulated seconds ({@code MAX_BUDGET} = 1.5e6)
     */
    public record Config(int episode, int hidden, double learningRate, double baseline, double budget, Step step) {
        public Config {
            if (episode < 1 || hidden < 1 || !(learningRate >= 0) || !(budget > 0) || step == null)
                throw new IllegalArgumentException("invalid REINFORCE config " + episode + ", " + hidden + ", " + learningRate + ", " + budget + ", " + step);
        }

        /** arch2vec's NAS-Bench-101 step ({@link Step#NEAREST_UNVISITED}). */
        public Config(int episode, int hidden, double learningRate, double baseline, double budget) {
            this(episode, hidden, learningRate, baseline, budget, Step.NEAREST_UNVISITED);
        }

        public Config withBudget(double budget) {
            return new Config(episode, hidden, learningRate, baseline, budget, step);
        }
    }

    /** Which cell an action leads to. */
    public enum Step {
        /** The nearest unvisited cell ({@code reinforce.py}, NAS-Bench-101). */
        NEAREST_UNVISITED,
        /** The nearest unvisited cell other than the nearest cell overall ({@code reinforce_search_NB201_8x8.py}; {@link NearestUnvisited#stepPastNearest}). */
        PAST_THE_NEAREST
    }

    /** {@code run_reinforce_arch2vec.sh}: {@code --bs 16}, hidden 128, lr 1e-2, baseline 0.95, 1.5e6 s. */
    public static final Config ARCH2VEC = new Config(16, 128, 1e-2, 0.95, ARCH2VEC_BUDGET);

    /**
     * {@code run_reinforce_arch2vec_nasbench201_cifar10_valid.sh}: {@code --bs 16}, hidden 128, lr
     * 1e-2, baseline 0.4 (rewards are accuracies as fractions), its step past the nearest cell. Its
     * budget is 12,000 s of the benchmark's training times; the budget here is whatever the caller
     * gives with {@link Config#withBudget} (on the shared records, a number of queries).
     */
    public static final Config ARCH2VEC_NB201 = new Config(16, 128, 1e-2, 0.4, 12_000, Step.PAST_THE_NEAREST);

    private final Config config;

    public Reinforce(Config config) {
        this.config = config;
    }

    public Reinforce() {
        this(ARCH2VEC);
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "reinforce";
    }

    @Override
    public String settings() {
        return config.toString();
    }

    /** arch2vec's {@code Env.get_init_state}: {@code random.seed(seed); randint(0, N)} (see the class comment for N). */
    public static int initialCell(int seed, int n) {
        int idx = (int) new PythonRandom(seed).randint(0, n);
        return Math.min(idx, n - 1);
    }

    @Override
    public Trace run(SearchTable table, int seed) {
        return runKeepingPolicy(table, seed).trace();
    }

    /** A run's trace and the policy it trained: the tests compare the policy's bits across JVMs. */
    record Run(Trace trace, ReinforcePolicy policy) {}

    Run runKeepingPolicy(SearchTable table, int seed) {
        Generator gen = new Generator(seed);
        ReinforcePolicy policy = new ReinforcePolicy(table.dim(), config.hidden(), gen);
        Adam opt = new Adam(policy.parameters(), config.learningRate());
        NearestUnvisited env = new NearestUnvisited(table);
        TraceRecorder rec = new TraceRecorder(table, config.budget());

        int cell = initialCell(seed, table.size());
        env.visit(cell);
        float[] state = table.embedding(cell);
        try (var grad = Autograd.enableGrad()) {
            while (!rec.budgetSpent() && !env.exhausted()) {
                LSTMCell.State carried = policy.zeroState();
                List<Tensor> logProbs = new ArrayList<>(config.episode());
                List<Double> rewards = new ArrayList<>(config.episode());
                for (int c = 0; c < config.episode(); c++) {
                    ReinforcePolicy.Step out = policy.forward(Tensor.of(state, 1, table.dim()), carried);
                    carried = out.state();
                    Tensor action = out.mean().detach().add(Tensor.randn(gen, 1, table.dim()));
                    logProbs.add(policy.logProb(action, out.mean()));
                    float[] a = action.toFloatArray();
                    int next = config.step() == Step.PAST_THE_NEAREST ? env.stepPastNearest(a) : env.step(a);
                    if (next < 0) break;
                    rec.query(next);
                    rewards.add(table.validAccuracy(next));
                    state = table.embedding(next);
                    if (rec.budgetSpent()) break;
                }
                if (rewards.isEmpty()) break;
                Tensor loss = episodeLoss(logProbs.subList(0, rewards.size()), rewards, config.baseline());
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        return new Run(rec.trace(), policy);
    }

    /** {@code mean_t(-log pi(a_t) (r_t - baseline))}, with raw (undiscounted) rewards. */
    static Tensor episodeLoss(List<Tensor> logProbs, List<Double> rewards, double baseline) {
        Tensor sum = null;
        for (int t = 0; t < rewards.size(); t++) {
            Tensor term = logProbs.get(t).mul(-(rewards.get(t) - baseline));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(rewards.size());
    }

    @Override
    public String toString() {
        return "Reinforce(" + config + ")";
    }
}
