package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 4: the semi-supervised IO model (paper sections 3.3 and 4.1, Figs. 3-6 and 11-15). On
 * NAS-Bench-101 its last epoch is set beside the paper's findings and settings; on NAS-Bench-201, where
 * nothing is published, each epoch the run embedded the space after is judged against the mean-vector
 * baseline alone.
 */
final class IoModelSection {
    static final String STEP = "io-model", TITLE = "4. IO model training (paper sections 3.3, 4.1)", NB201_TITLE = "NAS-Bench-201: IO model training";

    /** What the paper's figures show for each set; it prints no loss values. */
    private static final Map<String, String> PAPER_LOSS = Map.of(
            "train", "Fig. 11: below baseline",
            "valid_unseen_networks", "Fig. 3: below baseline, flat during training",
            "valid_unseen_images", "Fig. 4: below baseline, generalises well",
            "test_unseen_images", "Fig. 12: below baseline, worse than validation",
            "test_unseen_both", "Fig. 13: below baseline, worse than validation");

    /** Which networks and images each set pairs (the paper's Table 2), for the headlines' titles. */
    private static final Map<String, String> SET_MEANING = Map.of(
            "train", "train networks, seen images",
            "valid_unseen_networks", "unseen networks, seen images",
            "valid_unseen_images", "held-out train networks, unseen images",
            "test_unseen_images", "seen networks, unseen images",
            "test_unseen_both", "unseen networks, unseen images");

    /** The set whose headline is printed at the end of {@code reproduce}: it tests generalisation to new images. */
    private static final String KEY_SET = "test_unseen_images";

    /** The charts the io-model command draws, in the paper's order, with the paper's figure numbers. */
    private static final List<String[]> FIGURES = List.of(
            new String[] {"fig03-valid-unseen-networks.png", "Paper Fig. 3 (ours): validation loss, unseen networks, seen images, with baseline"},
            new String[] {"fig04-valid-unseen-images.png", "Paper Fig. 4 (ours): validation loss, seen networks, unseen images, with baseline"},
            new String[] {"fig05-ops-accuracy.png", "Paper Fig. 5 (ours): operations reconstruction accuracy, held-out cells"},
            new String[] {"fig06-adjacency-accuracy.png", "Paper Fig. 6 (ours): adjacency reconstruction accuracy, held-out cells"},
            new String[] {"fig11-train.png", "Paper Fig. 11 (ours): train labeled loss"},
            new String[] {"fig12-test-unseen-images.png", "Paper Fig. 12 (ours): test loss, seen networks, unseen images"},
            new String[] {"fig13-test-unseen-both.png", "Paper Fig. 13 (ours): test loss, unseen networks, unseen images"},
            new String[] {"fig14-validity.png", "Paper Fig. 14 (ours): validity during training"},
            new String[] {"fig15-uniqueness.png", "Paper Fig. 15 (ours): uniqueness during training"});

    private IoModelSection() {}

    static Section read(Path run, RunSettings settings, ReportSpace space) throws IOException {
        Path dir = run.resolve(STEP);
        String title = space.published() ? TITLE : NB201_TITLE;
        Optional<JsonNode> metrics = RunFiles.json(dir.resolve("metrics.json"));
        JsonNode epochs = metrics.map(m -> m.path("epochs")).orElse(null);
        if (epochs == null || epochs.isEmpty()) return Section.notRun(STEP, title, "io-model/metrics.json (with at least one epoch)");
        JsonNode m = metrics.get();
        JsonNode last = epochs.get(epochs.size() - 1);
        int planned = m.path("config").path("epochs").asInt(epochs.size());
        String status = m.path("completed").asBoolean(false) ? "completed" : "partial (" + epochs.size() + " of " + planned + " epochs)";
        String variant = "epoch " + last.path("epoch").asText() + " of " + planned + ", " + m.path("networks").asText("?") + " labeled networks";

        List<Headline> headlines = new ArrayList<>();
        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, title, STEP)));
        JsonNode model = last.path("model"), ref = last.path("reference");
        List<List<String>> vae = List.of(
                vaeRow("held-out cells decoded identically", model, ref, "identical", Fmt.pct(Arch2VecTableOne.NB101.reconstruction())),
                vaeRow("operation accuracy (per node)", model, ref, "opAccuracy", "—"),
                vaeRow("adjacency accuracy (per entry)", model, ref, "adjacencyAccuracy", "—"),
                vaeRow("validity", model, ref, "validity", Fmt.pct(Arch2VecTableOne.NB101.validity())),
                vaeRow("uniqueness", model, ref, "uniqueness", Fmt.pct(Arch2VecTableOne.NB101.uniqueness())));

        double seconds = 0;
        for (JsonNode e : epochs) seconds += Arch2VecSection.finite(RunFiles.number(e, "seconds"));
        Block.Table training = new Block.Table("Training at the last epoch (" + variant + ")", List.of("quantity", "value"), List.of(
                List.of("labeled L1 loss (train batches)", Fmt.sig(RunFiles.number(last, "trainLabeledL1"))),
                List.of("labeled total loss (VAE + L1)", Fmt.sig(RunFiles.number(last, "trainLabeledLoss"))),
                List.of("unlabeled loss (VAE)", Fmt.sig(RunFiles.number(last, "trainUnlabeledLoss"))),
                List.of("reference arch2vec loss", Fmt.sig(RunFiles.number(last, "referenceLoss"))),
                List.of("labeled / unlabeled batches in the epoch",
                        last.path("labeledBatches").asText(Fmt.NA) + " / " + last.path("unlabeledBatches").asText(Fmt.NA)),
                List.of("wall time (all epochs)", Fmt.duration(seconds))));

        if (space.published()) {
            String caveat = settings.paperPreset() && m.path("completed").asBoolean(false) ? null
                    : settings.presetInWords() + ": epoch " + last.path("epoch").asText() + " of " + planned + " on " + m.path("networks").asText("?")
                    + " labeled networks (paper: " + Published.IO_MODEL_CONFIG.get("epochs") + " epochs on "
                    + Fmt.count(Published.PRETRAINED_NETWORKS.get("train")) + ")";
            List<List<String>> losses = new ArrayList<>();
            for (JsonNode s : last.path("sets")) {
                String set = s.path("set").asText();
                losses.add(List.of(set, Fmt.count(s.path("examples").asLong()), ci(s.path("loss")), ci(s.path("baseline")), below(s),
                        PAPER_LOSS.getOrDefault(set, "—")));
                String paper = PAPER_LOSS.get(set);
                Headline h = headline(space, "io_model." + set + ".labeled_l1", "IO model labeled L1 on ", s, paper == null ? null : Reference.finding("paper " + paper),
                        caveat);
                headlines.add(set.equals(KEY_SET) ? h.with(Headline.Prominence.TERMINAL) : h);
            }
            blocks.addAll(List.of(
                    new Block.Paragraph("arch2vec extended with an image branch and a head that predicts a network's features on an image, "
                            + "trained on labeled (IO dataset) and unlabeled (cells only) batches in turn. The baseline of a set is the L1 "
                            + "distance of its examples to the set's mean target; losses are means with bootstrapped 95% intervals. The paper "
                            + "shows these only as figures, so its column states what the figures show."),
                    new Block.Table("Labeled L1 loss per set (" + variant + "): mean [95% CI] beside the mean-vector baseline",
                            List.of("set", "examples", "loss", "baseline", "below baseline", "paper"), losses),
                    new Block.Table("VAE metrics (" + variant + "): the IO model's VAE, the reference arch2vec trained alongside, arch2vec's Table 1",
                            List.of("metric", "IO model", "reference arch2vec", "arch2vec (published)"), vae),
                    training,
                    ConfigTable.of("IO model settings: ours beside the paper's Table 3 (Appendix A.3)", m.path("config"), Published.IO_MODEL_CONFIG,
                            "paper"),
                    new Block.Paragraph("Paper, section 4.1: the loss is below the baseline on every set; unseen images generalise well, "
                            + "unseen networks do not improve during training; reconstruction is practically the same as arch2vec's (Figs. 5, 6).")));
        } else {
            blocks.add(new Block.Paragraph("arch2vec extended with an image branch and a head that predicts a NAS-Bench-201 network's "
                    + "features on an image, trained on labeled (IO dataset) and unlabeled (cells only) batches in turn. The baseline of a "
                    + "set is the L1 distance of its examples to the set's mean target; losses are means with bootstrapped 95% intervals. "
                    + "Nothing is published for NAS-Bench-201, so each set is judged against its baseline alone, after each epoch whose "
                    + "embeddings the run searched and predicted with. On NAS-Bench-101 the paper found the loss below the baseline on "
                    + "every set, unseen images generalising well and unseen networks not improving during training."));
            List<JsonNode> shown = embedded(epochs, settings);
            // a report not told the embedded epochs (or of a run not there yet) shows the last one, as NAS-Bench-101's does
            String which = settings.embedEpochs().contains(shown.getFirst().path("epoch").asInt()) ? "embedded" : "the last recorded";
            for (JsonNode e : shown) {
                int epoch = e.path("epoch").asInt();
                boolean lastShown = e == shown.getLast();
                List<List<String>> losses = new ArrayList<>();
                for (JsonNode s : e.path("sets")) {
                    String set = s.path("set").asText();
                    Headline h = headline(space, "io_model.epoch" + epoch + "." + set + ".labeled_l1", "IO model after epoch " + epoch + ", labeled L1 on ",
                            s, null, NB201_CAVEAT);
                    headlines.add(!lastShown ? h.with(Headline.Prominence.DETAIL) : set.equals(KEY_SET) ? h.with(Headline.Prominence.TERMINAL) : h);
                    losses.add(List.of(set, Fmt.count(s.path("examples").asLong()), ci(s.path("loss")), ci(s.path("baseline")), below(s),
                            h.verdict().label));
                }
                blocks.add(new Block.Table("Labeled L1 loss per set after epoch " + epoch + " of " + planned + " (" + which + "): mean [95% CI] beside "
                        + "the mean-vector baseline", List.of("set", "examples", "loss", "baseline", "below baseline", "verdict"), losses));
            }
            blocks.addAll(List.of(
                    new Block.Table("VAE metrics (" + variant + "): the IO model's VAE and the reference arch2vec trained alongside",
                            List.of("metric", "IO model", "reference arch2vec"), vae.stream().map(r -> r.subList(0, 3)).toList()),
                    training,
                    ConfigTable.of("IO model settings", m.path("config"))));
        }
        blocks.addAll(seeds(run, last.path("epoch").asInt(), space, headlines));
        for (String[] f : FIGURES) {
            Path png = dir.resolve("figures").resolve(f[0]);
            if (Files.isRegularFile(png)) blocks.add(new Block.Figure(png, STEP + "-" + f[0], f[1]));
        }
        return new Section(STEP, title, status, true, blocks, headlines);
    }

    /**
     * With several seeds of the model ({@code reproduce --model-seeds K}: io-model-seedS/ beside
     * io-model/), each seed's labeled loss per set after {@code epoch} and the pooled row (the mean
     * over seeds with the t-interval over them) beside the seeds' baselines pooled alike; the pooled
     * loss is judged against the pooled baseline. Nothing with one seed.
     */
    private static List<Block> seeds(Path run, int epoch, ReportSpace space, List<Headline> headlines) throws IOException {
        List<Path> runs = new ArrayList<>(List.of(run.resolve(STEP)));
        for (Path f : RunFiles.folders(run)) {
            ModelSeed.Seeded s = ModelSeed.of(f.getFileName().toString());
            if (s.base().equals(STEP) && !s.seed().isFirst()) runs.add(f);
        }
        if (runs.size() < 2) return List.of();
        runs.sort(java.util.Comparator.comparingLong(f -> ModelSeed.of(f.getFileName().toString()).seed().seed()));
        // set -> each seed's loss and baseline at the epoch, in seed order
        Map<String, List<JsonNode>> bySet = new java.util.LinkedHashMap<>();
        List<String> columns = new ArrayList<>(List.of("set"));
        for (Path r : runs) {
            JsonNode epochs = RunFiles.json(r.resolve("metrics.json")).map(m -> m.path("epochs")).orElse(null);
            if (epochs == null) continue;
            for (JsonNode e : epochs)
                if (e.path("epoch").asInt() == epoch) {
                    columns.add("seed " + ModelSeed.of(r.getFileName().toString()).seed().seed());
                    for (JsonNode set : e.path("sets")) bySet.computeIfAbsent(set.path("set").asText(), k -> new ArrayList<>()).add(set);
                }
        }
        int k = columns.size() - 1;
        if (k < 2) return List.of();
        columns.addAll(List.of("pooled [95% t-interval]", "baseline pooled", "verdict"));
        List<List<String>> rows = new ArrayList<>();
        bySet.forEach((set, perSeed) -> {
            if (perSeed.size() != k) return; // a set some seed has not evaluated
            List<String> row = new ArrayList<>(List.of(set));
            for (JsonNode s : perSeed) row.add(Fmt.sig(RunFiles.number(s.path("loss"), "mean")));
            Estimate loss = SeedPool.meanOverSeeds(perSeed.stream().mapToDouble(s -> RunFiles.number(s.path("loss"), "mean")).toArray()),
                    baseline = SeedPool.pooled(perSeed.stream().map(s -> ci95(s.path("baseline"))).toList());
            Headline h = Headline.judged(space.id("io_model.pooled.epoch" + epoch + "." + set + ".labeled_l1"), space.title("IO model after epoch " + epoch
                    + ", " + k + " seeds pooled, labeled L1 on " + set + " (" + SET_MEANING.getOrDefault(set, "?") + ") [95% t-interval]"), Measure.L1_LOSS,
                    loss, null, null, new Reference("mean-vector baseline, pooled over the seeds", baseline));
            headlines.add(h.with(Headline.Prominence.DETAIL));
            row.addAll(List.of(loss.format(Measure.L1_LOSS), baseline.format(Measure.L1_LOSS), h.verdict().label));
            rows.add(row);
        });
        return List.of(new Block.Table("Labeled L1 loss per set after epoch " + epoch + ", per seed of the model (io-model/ is seed 1, io-model-seedS/ seed S) "
                + "and pooled: the mean over seeds with the 95% t-interval over the seed means, beside the seeds' baselines pooled alike (a baseline "
                + "the same for every seed, as on the validation networks, keeps its own 95% interval)", columns, rows));
    }

    /** Why a NAS-Bench-201 loss is judged against its baseline only. */
    private static final String NB201_CAVEAT = "the paper's finding is NAS-Bench-101's; nothing is published for NAS-Bench-201";

    /**
     * The epochs the run embedded the space after (the preset's {@link RunSettings#embedEpochs()})
     * that the metrics hold, in training order; the last epoch when the report is not told them.
     */
    private static List<JsonNode> embedded(JsonNode epochs, RunSettings settings) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : epochs) if (settings.embedEpochs().contains(e.path("epoch").asInt())) out.add(e);
        return out.isEmpty() ? List.of(epochs.get(epochs.size() - 1)) : out;
    }

    /** Whether a set's loss is below its baseline: "yes" only when the intervals do not overlap, which is a clear result. */
    static String below(JsonNode set) {
        JsonNode loss = set.path("loss"), base = set.path("baseline");
        double l = RunFiles.number(loss, "mean"), b = RunFiles.number(base, "mean");
        return Double.isNaN(l) || Double.isNaN(b) ? Fmt.NA
                : RunFiles.number(loss, "upper") < RunFiles.number(base, "lower") ? "yes"
                : l < b ? "yes (intervals overlap)" : "no";
    }

    /**
     * A set's labeled loss against the mean-vector baseline, which the paper's figures show it
     * beating on every set: a comparison within the run, so it holds at any preset and in any space.
     *
     * @param key   the headline's key in summary.json, without the space's prefix
     * @param start the title up to the set, e.g. "IO model labeled L1 on "
     */
    private static Headline headline(ReportSpace space, String key, String start, JsonNode set, Reference published, String caveat) {
        String name = set.path("set").asText();
        return Headline.judged(space.id(key), space.title(start + name + " (" + SET_MEANING.getOrDefault(name, "?") + ") [95% CI]"), Measure.L1_LOSS,
                ci95(set.path("loss")), published, caveat, new Reference("mean-vector baseline", ci95(set.path("baseline"))));
    }

    private static Estimate ci95(JsonNode interval) {
        return new Estimate(RunFiles.number(interval, "mean"), RunFiles.number(interval, "lower"), RunFiles.number(interval, "upper"),
                Estimate.Interval.CI95);
    }

    private static String ci(JsonNode interval) {
        return Fmt.interval(Fmt.sig(RunFiles.number(interval, "mean")), Fmt.sig(RunFiles.number(interval, "lower")),
                Fmt.sig(RunFiles.number(interval, "upper")));
    }

    private static List<String> vaeRow(String name, JsonNode model, JsonNode ref, String field, String published) {
        return List.of(name, Fmt.pct(RunFiles.number(model, field)), Fmt.pct(RunFiles.number(ref, field)), published);
    }
}
