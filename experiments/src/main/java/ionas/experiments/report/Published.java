package ionas.experiments.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published numbers our results are compared with, each with where it comes from (the paper
 * "Graph Embedding for NAS with Input-Output Information", arch2vec = Yan et al., NeurIPS 2020, and
 * the repositories of both as collected in the reference specification, sections 4.1 to 4.3).
 */
final class Published {
    private Published() {}

    // arch2vec's Table 1 lives in Arch2VecTableOne, which the arch2vec command prints too

    /** arch2vec's NAS-Bench-201 pretraining: epochs, on all cells of its training split (models/pretraining_nasbench201.py). */
    static final int ARCH2VEC_NB201_EPOCHS = 10, ARCH2VEC_NB201_TRAIN_CELLS = 14_062;

    /** The paper's Table 2 (Appendix A.2): set -> {networks, images, examples}. */
    static final Map<String, long[]> IO_SETS = Map.of(
            "train", new long[] {608, 1000, 608_000},
            "valid_unseen_networks", new long[] {77, 1000, 77_000},
            "valid_unseen_images", new long[] {61, 2000, 122_000},
            "test_unseen_images", new long[] {547, 2000, 1_094_000},
            "test_unseen_both", new long[] {77, 2000, 154_000});

    /** Networks pretrained in the paper per role (section 3.2). */
    static final Map<String, Integer> PRETRAINED_NETWORKS = Map.of("train", 608, "validation", 77);

    /**
     * The paper's pretraining hyper-parameters (Appendix A.1, Table 1) under our config's names;
     * stacks and cells per stack are NAS-Bench-101's network skeleton, which the paper keeps.
     */
    static final Map<String, String> PRETRAIN_CONFIG = Map.of(
            "epochs", "12", "batchSize", "128", "lr", "0.025 (cosine to 0)", "momentum", "0.9", "weightDecay", "1e-4",
            "clipNorm", "5", "stemChannels", "128", "stacks", "3", "cellsPerStack", "3");

    /** arch2vec's pretraining: epochs, on all cells of its training split (spec 3.6, arch2vec section 4.1). */
    static final int ARCH2VEC_EPOCHS = 8, ARCH2VEC_TRAIN_CELLS = 381_261;

    /** arch2vec's pretraining settings under our config's names. */
    static final Map<String, String> ARCH2VEC_CONFIG = Map.of("epochs", Integer.toString(ARCH2VEC_EPOCHS), "batchSize", "32", "lr", "0.001",
            "clipNorm", "5", "samples", "10,000", "limit", "all (" + Fmt.count(ARCH2VEC_TRAIN_CELLS) + " train cells)");

    /** The paper's IO-model hyper-parameters (Appendix A.3 Table 3, section 3.3). */
    static final Map<String, String> IO_MODEL_CONFIG = Map.ofEntries(
            Map.entry("epochs", "30"), Map.entry("batchSize", "32"), Map.entry("lr", "0.001"), Map.entry("labeledBlock", "300"),
            Map.entry("unlabeledBlock", "200"), Map.entry("vaeWeight", "1"), Map.entry("clipNorm", "5"), Map.entry("samples", "10,000"),
            Map.entry("model.latentDim", "16"), Map.entry("model.dropout", "0.5 (head); VAE 0.3"));

    /** One published search result: final regrets after 1e6 simulated seconds, mean of 500 runs. */
    record SearchResult(String method, double validRegret, double testRegret) {}

    /** arch2vec's committed result curves (spec 4.2), keyed by our algorithm names. */
    static final Map<String, SearchResult> SEARCH = Map.of(
            "reinforce", new SearchResult("RL-arch2vec", 0.002011, 0.002091),
            "dngo", new SearchResult("BO-arch2vec", 0.003552, 0.002752),
            "random", new SearchResult("Random search (Encoding A)", 0.003495, 0.008579),
            "evolution", new SearchResult("Regularized evolution (Encoding A)", 0.003066, 0.007515));

    /** What the paper (section 4.2) says about its search results; it prints no numbers. */
    static final String SEARCH_STATEMENT = "Paper, section 4.2 (Figs. 7-8, 500 REINFORCE runs per feature set): the IO model and "
            + "arch2vec perform similarly, with small differences at the end of the search; arch2vec is better in validation regret, "
            + "while the test regret is the same for both arch2vec runs and the IO model's 30-epoch features.";

    /**
     * One published prediction result on test accuracy (cells with accuracy above 0.8).
     *
     * @param embedding which of our embeddings it is comparable with: the start of its label
     *                  ({@code arch2vec} for arch2vec-8ep, {@code io-model} for io-model-30ep)
     */
    record Prediction(String source, String embedding, String regressor, int trainSize, double rmse, double rmseSpread, double r, double rSpread) {
        boolean describes(String label) {
            return label.equals(embedding) || label.startsWith(embedding + "-");
        }
    }

    static final Prediction ARCH2VEC_GP =
            new Prediction("arch2vec paper (footnote 1), arch2vec features", "arch2vec", "gp", 250, 0.018, 0.001, 0.67, 0.02);
    static final Prediction INFO_NAS_ARCH2VEC_RF =
            new Prediction("info-NAS notebook, arch2vec original", "arch2vec", "rf", 10_000, 0.0201, Double.NaN, 0.6879, Double.NaN);
    static final Prediction INFO_NAS_IO_RF =
            new Prediction("info-NAS notebook, IO model", "io-model", "rf", 10_000, 0.0191, Double.NaN, 0.7323, Double.NaN);
    static final List<Prediction> PREDICTIONS = List.of(ARCH2VEC_GP, INFO_NAS_ARCH2VEC_RF, INFO_NAS_IO_RF);

    /** Seeds behind each published prediction number. */
    static final int PREDICTION_SEEDS = 10;

    /** The paper (section 4.3): the IO model had a better median than arch2vec with a random forest at these training sizes. */
    static final Set<Integer> IO_BETTER_MEDIAN_SIZES = Set.of(600, 1000);
}
