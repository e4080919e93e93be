package ionas.experiments.report;

import ionas.experiments.plot.Plots;
import ionas.experiments.plot.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small pipeline run folder in the formats the ionas commands write, for the report tests. */
final class FakeRun {
    private FakeRun() {}

    /** Every step of a finished run (arch2vec after all 8 of its epochs), in {@code dir/run}; returns that folder. */
    static Path complete(Path dir) throws IOException {
        Path run = dir.resolve("run");
        pretrain(run);
        ioDataset(run);
        arch2vec(run, 8);
        ioModel(run);
        search(run);
        predict(run);
        return run;
    }

    static void pretrain(Path run) throws IOException {
        network(run, "train", "aaaa", 0.80, 0.79, true);
        network(run, "train", "bbbb", 0.70, Double.NaN, true);
        network(run, "validation", "cccc", 0.60, 0.61, false);
    }

    private static void network(Path run, String role, String hash, double finalValid, double test, boolean completed) throws IOException {
        String testField = Double.isNaN(test) ? "" : "\"test_accuracy\": " + test + ",";
        write(run.resolve("pretrain").resolve(role).resolve(hash).resolve("metrics.json"), """
                {"name": "%s/%s", "config": {"epochs": 2, "batchSize": 64, "lr": 0.025, "stemChannels": 16},
                 "epochs": [{"epoch": 1, "lr": 0.025, "trainLoss": 1.7, "trainAccuracy": 0.3, "validationLoss": 1.5, "validationAccuracy": 0.4, "seconds": 20},
                            {"epoch": 2, "lr": 0.0, "trainLoss": 1.2, "trainAccuracy": 0.5, "validationLoss": 1.1, "validationAccuracy": %s, "seconds": 25}],
                 %s "completed": %s}
                """.formatted(role, hash, finalValid, testField, completed));
    }

    static void ioDataset(Path run) throws IOException {
        write(run.resolve("io-dataset/manifest.json"), """
                {"format": "ionas-io-dataset", "version": 1, "featureDim": 513, "seenImages": 100, "unseenImages": 200, "seed": 1,
                 "frozenAugmentation": true,
                 "networks": [
                   {"hash": "aaaa", "role": "train", "matrix": [[0,1],[0,0]], "ops": ["input","output"], "validationAccuracy": 0.8, "testAccuracy": NaN},
                   {"hash": "bbbb", "role": "train", "matrix": [[0,1],[0,0]], "ops": ["input","output"], "validationAccuracy": 0.7, "testAccuracy": 0.7},
                   {"hash": "dddd", "role": "train", "matrix": [[0,1],[0,0]], "ops": ["input","output"], "validationAccuracy": 0.7, "testAccuracy": 0.7},
                   {"hash": "cccc", "role": "validation", "matrix": [[0,1],[0,0]], "ops": ["input","output"], "validationAccuracy": 0.6, "testAccuracy": 0.6}],
                 "heldTrainNetworks": ["aaaa"]}
                """);
    }

    /** arch2vec with {@code done} of 8 planned epochs (the last has {@code identical} = 0.875), and its decoding ceiling. */
    static void arch2vec(Path run, int done) throws IOException {
        StringBuilder epochs = new StringBuilder();
        for (int e = 1; e <= done; e++) {
            if (e > 1) epochs.append(',');
            epochs.append("""
                    {"epoch": %d, "trainLoss": 0.5, "opAccuracy": 0.99, "adjacencyAccuracy": 0.98, "identical": %s, "identicalGraph": 0.9,
                     "meanEdgeProbability": 0.93, "meanNonEdgeProbability": 0.02, "validity": 0.4321, "uniqueness": 0.9876, "uniquenessOfGraphs": 0.9654,
                     "validityStdNormal": NaN, "uniquenessStdNormal": 0.5, "seconds": 60, "batchesPerSecond": 12.5}
                    """.formatted(e, e == done ? "0.875" : "0.5"));
        }
        write(run.resolve("arch2vec/metrics.json"), """
                {"config": {"epochs": 8, "batchSize": 32, "lr": 0.001, "clipNorm": 5.0, "seed": 1, "limit": 2000, "samples": 500},
                 "cells": 20001, "epochs": [%s], "completed": %s}
                """.formatted(epochs, done == 8));
        write(run.resolve("arch2vec/ceiling.json"), """
                {"encoderLayers": 4, "splitSeed": 1, "all": {"cells": 20001, "undecodable": 1400, "sameColourNonEdge": 1390,
                 "identicalCeiling": 0.93, "adjacencyCeiling": 0.996},
                 "heldOut": {"cells": 2001, "undecodable": 136, "sameColourNonEdge": 135, "identicalCeiling": 0.932, "adjacencyCeiling": 0.99605}}
                """);
    }

    static void ioModel(Path run) throws IOException {
        String sets = String.join(",", List.of(set("train", 0.31, 0.30, 0.32, 0.80), set("valid_unseen_networks", 0.70, 0.60, 0.85, 0.80),
                set("valid_unseen_images", 0.41, 0.40, 0.42, 0.79), set("test_unseen_images", 0.45, 0.44, 0.46, 0.79),
                set("test_unseen_both", 0.90, 0.88, 0.92, 0.81)));
        write(run.resolve("io-model/metrics.json"), """
                {"config": {"epochs": 2, "batchSize": 32, "lr": 0.001, "labeledBlock": 300, "model": {"latentDim": 16}},
                 "networks": 4,
                 "epochs": [{"epoch": 1, "trainLabeledL1": 0.5, "trainLabeledLoss": 0.9, "trainUnlabeledLoss": 0.4, "referenceLoss": NaN,
                   "labeledBatches": 10, "unlabeledBatches": 7, "sets": [%s],
                   "model": {"opAccuracy": 0.97, "adjacencyAccuracy": 0.96, "identical": 0.6543, "validity": 0.41, "uniqueness": 0.95},
                   "reference": {"opAccuracy": NaN, "adjacencyAccuracy": NaN, "identical": NaN, "validity": NaN, "uniqueness": NaN},
                   "seconds": 30}],
                 "completed": false}
                """.formatted(sets));
        png(run.resolve("io-model/figures/fig03-valid-unseen-networks.png"));
    }

    private static String set(String name, double mean, double lower, double upper, double baseline) {
        return """
                {"set": "%s", "examples": 400, "loss": {"mean": %s, "lower": %s, "upper": %s},
                 "baseline": {"mean": %s, "lower": %s, "upper": %s}}""".formatted(name, mean, lower, upper, baseline, baseline - 0.01, baseline + 0.01);
    }

    /** A search summary whose first label carries markup, to check that the report escapes it. */
    static void search(Path run) throws IOException {
        write(run.resolve("search/summary.csv"), """
                label,algorithm,runs,final_validation_regret_mean,final_validation_regret_se,final_test_regret_mean,final_test_regret_se,mean_queries,mean_wall_seconds_per_run
                "<b>arch2vec</b>, \"\"x\"\"\",reinforce,5,0.004321,0.0005,,,412.0,3.5
                io-model,random,5,0.006,0.001,,,400.0,0.5
                """);
        png(run.resolve("search/fig07-regret-validation.png"));
    }

    /**
     * A search summary with the columns that rank the final cells, as on the 20,001-cell records:
     * REINFORCE's mean regret is tiny because 496 of 500 runs stop on the runner-up, 0.0001 below the best.
     */
    static void searchWithRanks(Path run) throws IOException {
        write(run.resolve("search/summary.csv"), """
                label,algorithm,runs,final_validation_regret_mean,final_validation_regret_se,final_test_regret_mean,final_test_regret_se,mean_queries,mean_wall_seconds_per_run,found_best_share,final_percentile_mean,final_percentile_median
                arch2vec-8ep,random,500,0.0035,0.0002,,,700.0,0.1,0.002,99.9,99.95
                arch2vec-8ep,reinforce,500,0.00011,0.000004,,,600.0,0.3,0.008,99.9942,99.995
                """);
    }

    static void predict(Path run) throws IOException {
        write(run.resolve("predict/arch2vec/rf-summary.csv"), """
                regressor,target,train_size,seeds,rmse_median,rmse_q1,rmse_q3,rmse_mean,rmse_std,r_median,r_q1,r_q3,r_mean,r_std
                rf,validation,250,3,0.0234,0.0220,0.0250,0.0236,0.0011,0.612,0.600,0.630,0.611,0.012
                rf,validation,10000,3,0.0199,0.0190,0.0205,0.0198,0.0005,0.701,0.690,0.710,0.700,0.008
                """);
    }

    static void png(Path file) throws IOException {
        Plots.line(file, "t", "x", "y", List.of(Series.of("a", new double[] {1, 2}, new double[] {3, 4})));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
