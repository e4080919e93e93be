package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Optional;

/** Step 1: the networks pretrained on CIFAR-10 (paper section 3.2, Appendix A.1). */
final class PretrainSection {
    static final String STEP = "pretrain", TITLE = "1. Network pretraining (paper section 3.2, Appendix A.1)";

    private PretrainSection() {}

    /** What one role's networks left: their metrics files, parsed. */
    private record Role(String name, List<JsonNode> networks) {}

    static Section read(Path run, RunSettings settings) throws IOException {
        List<Role> roles = new ArrayList<>();
        for (Path roleDir : RunFiles.folders(run.resolve(STEP))) {
            List<JsonNode> nets = new ArrayList<>();
            for (Path net : RunFiles.folders(roleDir)) RunFiles.json(net.resolve("metrics.json")).ifPresent(nets::add);
            if (!nets.isEmpty()) roles.add(new Role(roleDir.getFileName().toString(), nets));
        }
        if (roles.isEmpty()) return Section.notRun(STEP, TITLE, "pretrain/{train,validation}/<hash>/metrics.json");

        List<List<String>> rows = new ArrayList<>();
        DoubleSummaryStatistics allTest = new DoubleSummaryStatistics();
        int total = 0, completed = 0;
        JsonNode firstConfig = null;
        boolean configsDiffer = false;
        for (Role role : roles) {
            DoubleSummaryStatistics valid = new DoubleSummaryStatistics(), test = new DoubleSummaryStatistics();
            double seconds = 0;
            int done = 0;
            for (JsonNode n : role.networks()) {
                JsonNode epochs = n.path("epochs");
                if (!epochs.isEmpty()) {
                    double v = RunFiles.number(epochs.get(epochs.size() - 1), "validationAccuracy");
                    if (!Double.isNaN(v)) valid.accept(v);
                }
                for (JsonNode e : epochs) seconds += Optional.of(RunFiles.number(e, "seconds")).filter(Double::isFinite).orElse(0.0);
                double t = RunFiles.number(n, "test_accuracy");
                if (!Double.isNaN(t)) {
                    test.accept(t);
                    allTest.accept(t);
                }
                if (n.path("completed").asBoolean(false)) done++;
                if (firstConfig == null) firstConfig = n.get("config");
                else if (!firstConfig.equals(n.get("config"))) configsDiffer = true;
            }
            total += role.networks().size();
            completed += done;
            Integer paper = Published.PRETRAINED_NETWORKS.get(role.name());
            rows.add(List.of(role.name(), Fmt.count(role.networks().size()), Fmt.count(done), paper == null ? "—" : Fmt.count(paper),
                    stats(valid), stats(test), Fmt.duration(seconds)));
        }
        String status = completed == total ? "completed" : "partial (" + completed + " of " + total + " networks completed)";
        JsonNode config = firstConfig == null ? RunFiles.JSON.createObjectNode() : firstConfig;
        String variant = config.path("epochs").asText("?") + " epochs, " + config.path("stemChannels").asText("?") + " stem channels, batch "
                + config.path("batchSize").asText("?");

        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("Every sampled NAS-Bench-101 cell is built as a CIFAR-10 network (NASBench-PyTorch layout) and "
                        + "trained; its features later form the IO dataset. The paper reports no pretraining accuracies, only the "
                        + "settings and the number of networks, so those are what we compare."),
                new Block.Table("Pretrained networks (" + variant + "): final validation accuracy (last epoch) and test accuracy, mean [min, max]",
                        List.of("role", "networks", "completed", "paper networks", "final validation accuracy", "test accuracy", "training time (sum)"),
                        rows),
                ConfigTable.of("Pretraining settings: ours beside the paper's Table 1 (Appendix A.1)", config, Published.PRETRAIN_CONFIG,
                        "paper")));
        if (configsDiffer) blocks.add(new Block.Note("The networks were not all trained with the same settings; the table shows the first network's."));
        return new Section(STEP, TITLE, status, true, blocks, List.of(headline(allTest, total, config, settings)));
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

    private static String stats(DoubleSummaryStatistics s) {
        if (s.getCount() == 0) return Fmt.NA;
        return Fmt.interval(Fmt.pct(s.getAverage()), Fmt.pct(s.getMin()), Fmt.pct(s.getMax()));
    }
}
