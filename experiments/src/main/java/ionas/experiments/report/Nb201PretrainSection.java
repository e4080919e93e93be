package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.iomodel.Bootstrap;
import ionas.nas.nb201.Nb201Cell;
import ionas.nas.nb201.Nb201Dataset;
import ionas.nas.nb201.Nb201Record;
import ionas.nas.nb201.Nb201Records;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.numeric.Correlation;
import ionas.nas.pretrain.Pretrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pretraining section of a NAS-Bench-201 run: each network's CIFAR-10 accuracies from the run
 * beside the benchmark's own validation accuracy of its cell (cifar10-valid, 200 epochs, from the
 * records the run searched), so that a reader sees whether the run's short training ranks the cells
 * as the benchmark does. Nothing comparable is published, so no number here is judged.
 */
final class Nb201PretrainSection {
    /** The benchmark setting the run's networks are set beside: trained on half of CIFAR-10's training images, as ours are. */
    static final Nb201Dataset BENCHMARK = Nb201Dataset.CIFAR10_VALID;

    /**
     * Resamples and seed of the bootstrapped 95% intervals of the means over networks: the IO model's
     * losses are bootstrapped the same way, so the report's intervals mean one thing.
     */
    private static final int RESAMPLES = 1000;
    private static final long SEED = 1;

    private Nb201PretrainSection() {}

    /** One network: the run's final validation and test accuracy and the benchmark's, as fractions (NaN where unknown). */
    private record Network(String role, String name, String cell, boolean completed, double validation, double test, double benchmark, double seconds) {}

    static Section section(List<PretrainSection.Role> roles, RunSettings settings) throws IOException {
        Nb201Records records = records(settings);
        List<Network> networks = new ArrayList<>();
        for (PretrainSection.Role role : roles)
            for (JsonNode n : role.networks()) {
                Nb201Cell cell = Nb201Space.INSTANCE.read(n);
                Nb201Record r = records == null ? null : records.find(cell);
                String name = n.path("name").asText("?");
                networks.add(new Network(role.name(), name.substring(name.indexOf('/') + 1), cell.toString(), PretrainSection.completed(n),
                        PretrainSection.finalValidation(n), RunFiles.number(n, Pretrainer.TEST_ACCURACY),
                        r == null ? Double.NaN : r.accuracy(BENCHMARK) / 100, PretrainSection.seconds(n)));
            }
        Estimate validation = mean(networks.stream().mapToDouble(Network::validation).toArray()),
                test = mean(networks.stream().mapToDouble(Network::test).toArray()),
                benchmark = mean(networks.stream().mapToDouble(Network::benchmark).toArray());
        double rho = rankCorrelation(networks);

        List<List<String>> rows = new ArrayList<>();
        for (Network n : networks)
            rows.add(List.of(n.role(), n.name(), n.cell(), n.completed() ? "yes" : "no", Fmt.pct(n.validation()), Fmt.pct(n.test()),
                    Fmt.pct(n.benchmark()), Fmt.duration(n.seconds())));
        rows.add(List.of("all", "mean [95% CI]", "", "", validation.format(Measure.ACCURACY), test.format(Measure.ACCURACY),
                benchmark.format(Measure.ACCURACY), Fmt.duration(networks.stream().mapToDouble(Network::seconds).sum())));

        JsonNode config = PretrainSection.config(roles);
        String source = records == null ? "no records file known to this report" : records.source().toString();
        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, PretrainSection.NB201_TITLE, PretrainSection.STEP),
                new Block.Paragraph("Every sampled NAS-Bench-201 cell is built as a CIFAR-10 network (the benchmark's layout) and trained "
                        + "on the train part of a train/validation split of CIFAR-10's training images; its features later form the IO "
                        + "dataset. Nothing comparable is published for this pretraining, so each network is set beside the benchmark's "
                        + "own " + BENCHMARK.label() + " validation accuracy of the same cell (200 epochs on half of CIFAR-10's training "
                        + "images; " + source + "): the run's networks train far shorter, so their accuracies are lower, and what "
                        + "matters is whether they rank the cells alike. Means have bootstrapped 95% intervals over the networks."),
                new Block.Table("Pretrained NAS-Bench-201 networks (" + PretrainSection.variant(config) + "): the run's final validation "
                        + "(last epoch) and test accuracy beside the benchmark's", List.of("role", "network", "cell", "completed",
                        "final validation accuracy", "test accuracy", BENCHMARK.label() + " validation accuracy (benchmark, 200 epochs)",
                        "training time"), rows),
                new Block.Paragraph("Spearman's rank correlation of the run's final validation accuracy with the benchmark's, over the "
                        + Fmt.count(ranked(networks).size(), "network") + " with both: " + (Double.isNaN(rho) ? Fmt.NA + " (fewer than two, or a tie throughout)"
                        : "rho = " + Fmt.sig(rho)) + "."),
                ConfigTable.of("Pretraining settings", config)));
        if (PretrainSection.configsDiffer(roles)) blocks.add(new Block.Note(PretrainSection.CONFIGS_DIFFER));
        return new Section(PretrainSection.STEP, PretrainSection.NB201_TITLE, PretrainSection.status(roles), true, blocks,
                List.of(headline(test, benchmark, rho, networks.size())));
    }

    /**
     * The networks' mean test accuracy, not judged: nothing comparable is published, and the
     * benchmark's 200-epoch accuracy is no baseline a short training is expected to beat. Its extras
     * say how the run's ranking of the cells agrees with the benchmark's.
     */
    private static Headline headline(Estimate test, Estimate benchmark, double rho, int networks) {
        List<Headline.Extra> extras = List.of(new Headline.Extra("networks", networks, Fmt.count(networks, "network")),
                new Headline.Extra("benchmark_validation_accuracy", benchmark.value(),
                        "benchmark " + BENCHMARK.label() + " validation accuracy of the same cells " + benchmark.format(Measure.ACCURACY)),
                new Headline.Extra("spearman_rho_vs_benchmark", rho, "Spearman's rho with the benchmark " + Fmt.sig(rho)));
        return Headline.judged(ReportSpace.NB201.id("pretrain.test_accuracy"),
                ReportSpace.NB201.title("pretrained networks: mean CIFAR-10 test accuracy [95% CI]"), Measure.ACCURACY, test, null,
                "nothing comparable is published for NAS-Bench-201 networks trained this way", null).with(extras).with(Headline.Prominence.TERMINAL);
    }

    /** The records the run searched on, null when the report is not told them or they are gone. */
    private static Nb201Records records(RunSettings settings) throws IOException {
        Path file = settings.benchmark();
        return file == null || !Files.isRegularFile(file) ? null : Nb201Records.load(file);
    }

    /** The mean of the known values with its bootstrapped 95% interval. */
    private static Estimate mean(double[] values) {
        double[] known = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        if (known.length == 0) return Estimate.point(Double.NaN);
        Bootstrap.Interval i = Bootstrap.mean95(known, RESAMPLES, SEED);
        return new Estimate(i.mean(), i.lower(), i.upper(), Estimate.Interval.CI95);
    }

    /** The networks with both a final validation accuracy of the run's and the benchmark's. */
    private static List<Network> ranked(List<Network> networks) {
        return networks.stream().filter(n -> Double.isFinite(n.validation()) && Double.isFinite(n.benchmark())).toList();
    }

    /** Spearman's rho of the run's final validation accuracy and the benchmark's, over the {@link #ranked} networks. */
    private static double rankCorrelation(List<Network> networks) {
        List<Network> both = ranked(networks);
        return Correlation.spearman(both.stream().mapToDouble(Network::validation).toArray(), both.stream().mapToDouble(Network::benchmark).toArray());
    }
}
