package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.SearchSpace;
import ionas.nn.io.SafeTensors;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search and prediction from the command line on a small table: resumable runs, summaries, figures, clear errors. */
class SearchPredictCommandTest {
    @TempDir
    Path dir;

    private void table() throws IOException {
        ToyTable.write(dir);
    }

    @Test
    void searchRunsResumesAndSummarises() throws IOException {
        table();
        String[] args = {"search", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark", dir.resolve("bench.json").toString(),
            "--algorithms", "reinforce,random", "--runs", "4", "--budget", "40000", "--out", dir.resolve("s").toString(), "--threads", "2"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("validation accuracy only"), "says that the table has no test accuracies: " + first.out());
        assertTrue(first.out().contains("toy reinforce: 4 runs (4 now, 0 found done)"), first.out());
        assertTrue(Files.exists(dir.resolve("s/toy/reinforce/seed-0004.json")));
        assertTrue(Files.size(dir.resolve("s/fig07-regret-validation.png")) > 0);
        assertTrue(Files.size(dir.resolve("s/cdf-final-validation-regret.png")) > 0);
        assertEquals(3, Files.readAllLines(dir.resolve("s/summary.csv")).size(), "header + 2 algorithms");
        assertTrue(Files.readAllLines(dir.resolve("s/summary.csv")).getFirst().endsWith(",found_best_share,final_percentile_mean,final_percentile_median"));
        assertTrue(first.out().contains("found best"), first.out());
        // per run: the final cell is the best one exactly when the regret (against the table's own maximum) is 0
        List<String> cells = Files.readAllLines(dir.resolve("s/toy/reinforce/final-cells.csv"));
        assertEquals("seed,final_validation_accuracy,final_validation_regret,found_best,percentile", cells.getFirst());
        assertEquals(5, cells.size(), "header + 4 runs");
        for (String line : cells.subList(1, cells.size())) {
            String[] c = line.split(",");
            assertEquals(Double.parseDouble(c[2]) == 0, Boolean.parseBoolean(c[3]), line);
            double percentile = Double.parseDouble(c[4]);
            assertTrue(percentile > 0 && percentile <= 100 && (percentile == 100) == Boolean.parseBoolean(c[3]), line);
        }

        CliRun again = CliRun.of(args);
        assertTrue(again.out().contains("toy reinforce: 4 runs (0 now, 4 found done)"), again.out());
    }

    /**
     * Embeddings of a model that diverged (all NaN, as an older ionas wrote them): search left
     * empty traces marked done and predict crashed (a StackOverflowError in the random forest);
     * now both stop at once, naming the file and the first bad cell.
     */
    @Test
    void nanEmbeddingsAreAnErrorThatNamesTheFileNotASilentOrCrashingRun() throws IOException {
        table();
        Arch2VecEmbeddings good = Arch2VecEmbeddings.read(dir.resolve("toy.safetensors"));
        float[] nan = new float[good.size() * good.dim()];
        java.util.Arrays.fill(nan, Float.NaN);
        Path bad = dir.resolve("nan.safetensors");
        SafeTensors.write(bad, Map.of("embeddings", NDArray.of(nan, good.size(), good.dim())),
                Map.of("format", Arch2VecEmbeddings.FORMAT, "version", "1", "hashes", String.join("", good.hashes())));
        for (String command : List.of("search", "predict")) {
            CliRun r = CliRun.of(command, "--embeddings", bad.toString(), "--benchmark", dir.resolve("bench.json").toString(),
                    "--out", dir.resolve(command).toString());
            assertEquals(1, r.code(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains(bad + ": " + good.size() + " of " + good.size() + " cells have embeddings that are NaN or infinite"
                    + " (the first: row 0, cell " + good.hashes().getFirst() + ")"), command + ": " + r.err());
        }
        assertTrue(!Files.exists(dir.resolve("search/nan")), "no traces were written");
    }

    @Test
    void predictionReportsRmseAndPearsonAndDrawsBoxes() throws IOException {
        table();
        CliRun r = CliRun.of("predict", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark", dir.resolve("bench.json").toString(),
                "--sizes", "40,80", "--seeds", "3", "--out", dir.resolve("p").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("6 fits now"), r.out());
        assertTrue(r.out().matches("(?s).*validation\\s+80\\s+3\\s+0\\.\\d+.*"), r.out());
        assertTrue(Files.size(dir.resolve("p/fig09-rmse-validation.png")) > 0);
        assertTrue(Files.size(dir.resolve("p/fig10-pearson-validation.png")) > 0);
    }

    @Test
    void anAlgorithmListThatNamesNoneIsAUsageError() throws IOException {
        table();
        CliRun r = CliRun.of("search", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark", dir.resolve("bench.json").toString(),
                "--algorithms", ",", "--runs", "2", "--out", dir.resolve("s").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--algorithms names no algorithm: give any of reinforce, dngo, random, evolution"), r.err());
    }

    @Test
    void aBudgetThatIsNotAPositiveFiniteTimeIsAUsageError() throws IOException {
        table();
        for (String budget : List.of("0", "-5", "NaN", "Infinity")) {
            CliRun r = CliRun.of("search", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark",
                    dir.resolve("bench.json").toString(), "--budget", budget, "--runs", "1", "--out", dir.resolve("s").toString());
            assertEquals(2, r.code(), budget + ": " + r.out() + r.err());
            assertTrue(r.err().contains("--budget must be a finite number of simulated seconds above 0, not "), budget + ": " + r.err());
        }
    }

    /** NAS-Bench-101's records are of one data set: --dataset there was ignored without a word. */
    @Test
    void aDataSetOnNasBench101IsAUsageError() throws IOException {
        table();
        for (String command : List.of("search", "predict")) {
            CliRun r = CliRun.of(command, "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark",
                    dir.resolve("bench.json").toString(), "--dataset", "cifar100", "--out", dir.resolve("d").toString());
            assertEquals(2, r.code(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains("--dataset cifar100: only --space nb201 has several data sets"), command + ": " + r.err());
            assertFalse(Files.exists(dir.resolve("d")), command + " wrote before refusing");
        }
    }

    /** A damaged result file among the run's files is named, with the place in it (Jackson's message alone named none). */
    @Test
    void aDamagedResultFileIsNamedWhenTheStudyResumes() throws IOException {
        table();
        String[] args = {"predict", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark", dir.resolve("bench.json").toString(),
            "--sizes", "40", "--seeds", "1", "--out", dir.resolve("p").toString()};
        assertEquals(0, CliRun.of(args).code());
        Path result;
        try (var files = Files.walk(dir.resolve("p"))) {
            result = files.filter(f -> f.getFileName().toString().matches("n40-seed\\d+\\.json")).findFirst().orElseThrow();
        }
        Files.writeString(result, "[{\"size\": 40, ");
        CliRun r = CliRun.of(args);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(result + ", line 1, column "), r.err());
        assertTrue(r.err().contains("a damaged file"), r.err());
    }

    /** --label ../x wrote the runs outside --out. */
    @Test
    void aLabelThatIsNotOneFolderNameIsAUsageErrorAndWritesNothing() throws IOException {
        table();
        for (String command : List.of("search", "predict")) {
            CliRun r = CliRun.of(command, "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark",
                    dir.resolve("bench.json").toString(), "--label", "../escaped", "--out", dir.resolve("out").toString());
            assertEquals(2, r.code(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains("--label '../escaped' cannot name a folder"), command + ": " + r.err());
        }
        assertTrue(!Files.exists(dir.resolve("escaped")), "nothing was written beside --out");
    }

    @Test
    void trainingSizesThatLeaveNoTestCellsAreNamed() throws IOException {
        table();
        int cells = (SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE).size() + 1) / 2; // every other one has records
        CliRun r = CliRun.of("predict", "--embeddings", dir.resolve("toy.safetensors").toString(), "--benchmark", dir.resolve("bench.json").toString(),
                "--sizes", "40," + cells + ",1", "--seeds", "1", "--out", dir.resolve("p").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--sizes [" + cells + ", 1]: each training-set size must be at least 2 and below the " + cells + " cells"), r.err());
        assertTrue(!Files.exists(dir.resolve("p")), "nothing written");
    }

    @Test
    void missingFilesAreNamed() {
        CliRun r = CliRun.of("search", "--embeddings", dir.resolve("none.safetensors").toString(), "--benchmark", dir.resolve("b.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ionas arch2vec embed"), r.err());
    }

    /**
     * NAS-Bench-201: 60 cells with records, embeddings of those and 10 more; cell i's cifar10
     * accuracy is {@code 80 + 10 tanh(e_i0)} percent, above 80% exactly when its first coordinate is
     * positive. Returns each recorded cell's validation accuracy as a fraction.
     */
    private double[] nb201Table() throws IOException {
        Random r = new Random(9);
        List<String> keys = new java.util.ArrayList<>();
        float[] e = new float[70 * 16];
        double[] accuracy = new double[60];
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < 70; i++) {
            keys.add(ionas.nas.nb201.Nb201Cell.ofOrdinal(i * 101).toString());
            for (int d = 0; d < 16; d++) e[i * 16 + d] = (float) r.nextGaussian();
            if (i >= 60) continue;
            double percent = 80 + 10 * Math.tanh(e[i * 16]);
            accuracy[i] = percent / 100;
            json.append(i == 0 ? "" : ",").append("{\"index\": ").append(i).append(", \"arch\": \"").append(keys.get(i))
                    .append("\", \"val_acc\": {\"cifar10\": ").append(percent).append(", \"cifar100\": ").append(percent - 30).append(", \"ImageNet16-120\": 20}}");
        }
        Files.writeString(dir.resolve("nb201.json"), json.append("]}"));
        new Arch2VecEmbeddings(keys, e, 16).write(dir.resolve("a2v201.safetensors"));
        return accuracy;
    }

    /** NAS-Bench-201 prediction: one validation row per size and seed, scored on exactly the held-out cells. */
    @Test
    void predictsNasBench201FromItsRecords() throws IOException {
        double[] accuracy = nb201Table();
        CliRun run = CliRun.of("predict", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--sizes", "10,30", "--seeds", "2", "--threads", "2", "--out", dir.resolve("p201").toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("prediction with rf on a2v201: 60 cells of nb201.json"), run.out());
        assertTrue(run.out().contains("the target is cifar10-valid validation accuracy"), run.out());
        assertTrue(run.out().contains("4 fits now"), run.out());
        List<String> rows = Files.readAllLines(dir.resolve("p201/a2v201/rf-results.csv"));
        assertEquals("regressor,target,train_size,seed,rmse,pearson,evaluated,spearman,kendall,seconds", rows.getFirst());
        assertEquals(1 + 4, rows.size(), "header + 2 sizes x 2 seeds, validation only (the records have no test accuracy): " + rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            int size = Integer.parseInt(c[2]), seed = Integer.parseInt(c[3]);
            boolean[] train = new boolean[60];
            for (int i : ionas.nas.predict.PerformancePrediction.trainingCells(60, size, seed)) train[i] = true;
            int above = 0;
            for (int i = 0; i < 60; i++) if (!train[i] && accuracy[i] > 0.8) above++;
            assertEquals("validation", c[1], row);
            assertEquals(above, Integer.parseInt(c[6]), "RMSE and r on the held-out cells above 0.8: " + row);
            assertTrue(Math.abs(Double.parseDouble(c[7])) <= 1 && Math.abs(Double.parseDouble(c[8])) <= 1, "rho and tau measured: " + row);
        }
        assertEquals(1 + 2, Files.readAllLines(dir.resolve("p201/a2v201/rf-summary.csv")).size(), "header + one row per size");

        // cifar100's accuracies are all below arch2vec's 0.8 cut, which left RMSE and r at NaN: there every held-out cell is scored
        CliRun c100 = CliRun.of("predict", "--space", "nb201", "--dataset", "cifar100", "--embeddings", dir.resolve("a2v201.safetensors").toString(),
                "--benchmark", dir.resolve("nb201.json").toString(), "--sizes", "10,30", "--seeds", "2", "--threads", "2", "--out",
                dir.resolve("p201c").toString());
        assertEquals(0, c100.code(), c100.out() + c100.err());
        assertTrue(c100.out().contains("RMSE, r, rho and tau on all predicted cells (arch2vec's cut at 0.8 is a CIFAR-10 accuracy"), c100.out());
        for (String row : Files.readAllLines(dir.resolve("p201c/a2v201/rf-results.csv")).subList(1, 5)) {
            String[] c = row.split(",");
            assertEquals(60 - Integer.parseInt(c[2]), Integer.parseInt(c[6]), "every held-out cell scored: " + row);
            assertTrue(Double.isFinite(Double.parseDouble(c[4])) && Math.abs(Double.parseDouble(c[5])) <= 1, "RMSE and r measured: " + row);
        }
    }

    /** NAS-Bench-201: searches count queries. */
    @Test
    void searchesNasBench201WithAQueryBudget() throws IOException {
        nb201Table();
        CliRun run = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "reinforce,random,evolution", "--runs", "3", "--budget", "12",
                "--out", dir.resolve("s201").toString(), "--threads", "2");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("search on a2v201: 60 cells of nb201.json"), run.out());
        assertTrue(run.out().contains("budget: 12 queries a run (chosen, not derived: arch2vec's 12,000 s of NAS-Bench-201 training times"
                + " on cifar10-valid"), run.out());
        assertTrue(run.out().contains("regrets on cifar10-valid validation accuracy"), run.out());
        // each data set names its own best cell and arch2vec's own budget for it (its run scripts' --MAX_BUDGET)
        CliRun imagenet = CliRun.of("search", "--space", "nb201", "--dataset", "ImageNet16-120", "--embeddings",
                dir.resolve("a2v201.safetensors").toString(), "--benchmark", dir.resolve("nb201.json").toString(), "--algorithms", "random",
                "--runs", "1", "--budget", "5", "--out", dir.resolve("s201-imagenet").toString());
        assertEquals(0, imagenet.code(), imagenet.out() + imagenet.err());
        assertTrue(imagenet.out().contains("(best validation 20.00%)"), imagenet.out());
        assertTrue(imagenet.out().contains("arch2vec's 1,400,000 s of NAS-Bench-201 training times on ImageNet16-120"), imagenet.out());
        List<String> summary = Files.readAllLines(dir.resolve("s201/summary.csv"));
        assertEquals(4, summary.size(), "header + 3 algorithms: " + summary);
        int queries = java.util.Arrays.asList(summary.getFirst().split(",")).indexOf("mean_queries");
        for (String row : summary.subList(1, 4)) assertEquals(12.0, Double.parseDouble(row.split(",")[queries]), row);
        CliRun dngo = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "dngo", "--runs", "1", "--budget", "18", "--out", dir.resolve("s201").toString());
        assertEquals(0, dngo.code(), dngo.out() + dngo.err());
        // arch2vec's NB201 settings: 16 initial cells, then one proposal (and one model fit) a query
        String settings = Files.readString(dir.resolve("s201/a2v201/dngo/settings.json"));
        assertTrue(settings.contains("initialSize=16, proposalsPerRound=1") && settings.contains("targetAccuracy=1.0"), settings);
        // f* is arch2vec's 1.0 unless --ei-target gives another, which the run's settings record
        CliRun target = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "dngo", "--runs", "1", "--budget", "18", "--ei-target", "0.85",
                "--out", dir.resolve("s201-target").toString());
        assertEquals(0, target.code(), target.out() + target.err());
        String targetSettings = Files.readString(dir.resolve("s201-target/a2v201/dngo/settings.json"));
        assertTrue(targetSettings.contains("initialSize=16, proposalsPerRound=1") && targetSettings.contains("targetAccuracy=0.85"), targetSettings);
        CliRun badTarget = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "dngo", "--runs", "1", "--ei-target", "95", "--out", dir.resolve("s201-target").toString());
        assertEquals(2, badTarget.code(), badTarget.out() + badTarget.err());
        assertTrue(badTarget.err().contains("--ei-target is an accuracy in (0, 1], not 95.0"), badTarget.err());
        CliRun noDngo = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "reinforce", "--runs", "1", "--ei-target", "0.9", "--out", dir.resolve("s201-target").toString());
        assertEquals(2, noDngo.code(), noDngo.out() + noDngo.err());
        assertTrue(noDngo.err().contains("--ei-target sets DNGO's f*, and --algorithms reinforce has no dngo"), noDngo.err());
        List<String> withDngo = Files.readAllLines(dir.resolve("s201/summary.csv"));
        String dngoRow = withDngo.stream().filter(row -> row.contains(",dngo,")).findFirst().orElseThrow();
        assertEquals(18.0, Double.parseDouble(dngoRow.split(",")[queries]), dngoRow);
        CliRun bad = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "gradient", "--runs", "1", "--out", dir.resolve("s201").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("algorithm 'gradient' is not set up for --space nb201: expected reinforce, dngo, random or evolution"), bad.err());
        // a search charges whole queries: a budget of 2.5 ran three
        CliRun half = CliRun.of("search", "--space", "nb201", "--embeddings", dir.resolve("a2v201.safetensors").toString(), "--benchmark",
                dir.resolve("nb201.json").toString(), "--algorithms", "random", "--runs", "1", "--budget", "2.5", "--out", dir.resolve("s201").toString());
        assertEquals(2, half.code(), half.out() + half.err());
        assertTrue(half.err().contains("--budget 2.5: with --space nb201 the budget counts queries, give a whole number"), half.err());
        CliRun unknown = CliRun.of("search", "--space", "darts");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown --space 'darts': expected nb101 or nb201"), unknown.err());
    }
}
