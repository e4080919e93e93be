package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.pretrain.Pretrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Optional;

/**
 * Step 1: the networks pretrained on CIFAR-10 (paper section 3.2, Appendix A.1). On NAS-Bench-101 each
 * role's networks are summed up beside the paper's settings; on NAS-Bench-201, which has no published
 * pretraining, each network is listed beside the benchmark's own accuracy of its cell
 * ({@link Nb201PretrainSection}).
 */
final class PretrainSection {
    static final String STEP = "pretrain", TITLE = "1. Network pretraining (paper section 3.2, Appendix A.1)",
            NB201_TITLE = "NAS-Bench-201: network pretraining";

    private PretrainSection() {}

    /** What one role's networks left: their metrics files, parsed, in folder-name order. */
    record Role(String name, List<JsonNode> networks) {}

    static Section read(Path run, RunSettings settings, ReportSpace space) throws IOException {
        List<Role> roles = new ArrayList<>();
        for (Path roleDir : RunFiles.folders(run.resolve(STEP))) {
            List<JsonNode> nets = new ArrayList<>();
            for (Path net : RunFiles.folders(roleDir)) RunFiles.json(net.resolve("metrics.json")).ifPresent(nets::add);
            if (!nets.isEmpty()) roles.add(new Role(roleDir.getFileName().toString(), nets));
        }
        if (!space.published()) {
            if (roles.isEmpty()) return Section.notRun(STEP, NB201_TITLE, "pretrain/{train,validation}/<cell>/metrics.json");
            return Nb201PretrainSection.section(roles, settings);
        }
        if (roles.isEmpty()) return Section.notRun(STEP, TITLE, "pretrain/{train,validation}/<hash>/metrics.json");

        List<List<String>> rows = new ArrayList<>();
        DoubleSummaryStatistics allTest = new DoubleSummaryStatistics();
        int total = 0;
        for (Role role : roles) {
            DoubleSummaryStatistics valid = new DoubleSummaryStatistics(), test = new DoubleSummaryStatistics();
            double seconds = 0;
            int done = 0;
            for (JsonNode n : role.networks()) {
                double v = finalValidation(n);
                if (!Double.isNaN(v)) valid.accept(v);
                seconds += seconds(n);
                double t = RunFiles.number(n, Pretrainer.TEST_ACCURACY);
                if (!Double.isNaN(t)) {
                    test.accept(t);
                    allTest.accept(t);
                }
                if (completed(n)) done++;
            }
            total += role.networks().size();
            Integer paper = Published.PRETRAINED_NETWORKS.get(role.name());
            rows.add(List.of(role.name(), Fmt.count(role.networks().size()), Fmt.count(done), paper == null ? "—" : Fmt.count(paper),
                    stats(valid), stats(test), Fmt.duration(seconds)));
        }
        JsonNode config = config(roles);
        String variant = variant(config);

        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("Every sampled NAS-Bench-101 cell is built as a CIFAR-10 network (NASBench-PyTorch layout) and "
                        + "trained; its features later form the IO dataset. The paper reports no pretraining accuracies, only the "
                        + "settings and the number of networks, so those are what we compare."),
                new Block.Table("Pretrained networks (" + variant + "): final validation accuracy (last epoch) and test accuracy, mean [min, max]",
                        List.of("role", "networks", "completed", "paper networks", "final validation accuracy", "test accuracy", "training time (sum)"),
                        rows),
                ConfigTable.of("Pretraining settings: ours beside the paper's Table 1 (Appendix A.1)", config, Published.PRETRAIN_CONFIG,
                        "paper")));
        if (configsDiffer(roles)) blocks.add(new Block.Note(CONFIGS_DIFFER));
        return new Section(STEP, TITLE, status(roles), true, blocks, List.of(headline(allTest, total, config, settings)));
    }

    /**
     * The mean test accuracy of all pretrained networks. The paper prints no pretraining accuracy,
     * so this is never comparable; the reason also says how far the run is from the paper's size.
     */
    private static Headline headline(DoubleSummaryStatistics test, int networks, JsonNode config, RunSettings settings) {
        Estimate ours = test.getCount() == 0 ? Estimate.point(Double.NaN)
                : new Estimate(test.getAverage(), test.getMin(), test.getMax(), Estimate.Interval.RANGE);
        int paperNetworks = Published.PRETRAINED_NETWORKS.values().stream().mapToInt(Integer::intValue).sum();
        String caveat = "the paper reports no accuracy of its pretrained networks";
        if (!settings.paperPreset())
            caveat += "; " + settings.presetInWords() + ": " + Fmt.count(networks, "network") + " of " + Fmt.count(config.path("epochs").asLong(), "epoch")
                    + " (paper: " + Fmt.count(paperNetworks) + " of " + Published.PRETRAIN_CONFIG.get("epochs") + ")";
        List<Headline.Extra> extras = List.of(new Headline.Extra("networks", test.getCount(), Fmt.count(test.getCount(), "network")));
        return Headline.judged("pretrain.test_accuracy", "Pretrained networks: mean CIFAR-10 test accuracy [min, max]", Measure.ACCURACY, ours,
                null, caveat, null).with(extras).with(Headline.Prominence.TERMINAL);
    }

    static final String CONFIGS_DIFFER = "The networks were not all trained with the same settings; the table shows the first network's.";

    /** "completed", or how many of the networks are. */
    static String status(List<Role> roles) {
        long total = roles.stream().mapToLong(r -> r.networks().size()).sum();
        long completed = roles.stream().flatMap(r -> r.networks().stream()).filter(PretrainSection::completed).count();
        return completed == total ? "completed" : "partial (" + completed + " of " + total + " networks completed)";
    }

    static boolean completed(JsonNode network) {
        return network.path("completed").asBoolean(false);
    }

    /** The first network's training settings, an empty object when it has none. */
    static JsonNode config(List<Role> roles) {
        JsonNode first = roles.getFirst().networks().getFirst().get("config");
        return first == null ? RunFiles.JSON.createObjectNode() : first;
    }

    /** Whether some network was trained with other settings than the first. */
    static boolean configsDiffer(List<Role> roles) {
        JsonNode first = roles.getFirst().networks().getFirst().get("config");
        return roles.stream().flatMap(r -> r.networks().stream()).anyMatch(n -> !java.util.Objects.equals(first, n.get("config")));
    }

    /** The validation accuracy after a network's last epoch, NaN before its first. */
    static double finalValidation(JsonNode network) {
        JsonNode epochs = network.path("epochs");
        return epochs.isEmpty() ? Double.NaN : RunFiles.number(epochs.get(epochs.size() - 1), "validationAccuracy");
    }

    /** A network's training time, all its epochs. */
    static double seconds(JsonNode network) {
        double seconds = 0;
        for (JsonNode e : network.path("epochs")) seconds += Optional.of(RunFiles.number(e, "seconds")).filter(Double::isFinite).orElse(0.0);
        return seconds;
    }

    /** "12 epochs, 128 stem channels, batch 128": the settings that size a network's training. */
    static String variant(JsonNode config) {
        return (config.path("epochs").isNumber() ? Fmt.count(config.path("epochs").asLong(), "epoch") : "? epochs") + ", "
                + config.path("stemChannels").asText("?") + " stem channels, batch "
                + config.path("batchSize").asText("?");
    }

    private static String stats(DoubleSummaryStatistics s) {
        if (s.getCount() == 0) return Fmt.NA;
        return Fmt.interval(Fmt.pct(s.getAverage()), Fmt.pct(s.getMin()), Fmt.pct(s.getMax()));
    }
}
