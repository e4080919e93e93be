package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.experiments.figures.LatentFigures;
import ionas.nas.arch2vec.DecodingCeiling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: arch2vec pretrained on its own, the baseline embedding (arch2vec Table 1, spec 3.6-3.7), on
 * NAS-Bench-101 beside arch2vec's Table 1 and the ceiling of its model; on NAS-Bench-201 alone.
 */
final class Arch2VecSection {
    static final String STEP = "arch2vec", TITLE = "3. arch2vec pretraining (arch2vec Table 1)", NB201_TITLE = "NAS-Bench-201: arch2vec pretraining";

    private Arch2VecSection() {}

    static Section read(Path run, RunSettings settings, ReportSpace space) throws IOException {
        String title = space.published() ? TITLE : NB201_TITLE;
        Optional<JsonNode> metrics = RunFiles.json(run.resolve(STEP).resolve("metrics.json"));
        JsonNode epochs = metrics.map(m -> m.path("epochs")).orElse(null);
        if (epochs == null || epochs.isEmpty()) return Section.notRun(STEP, title, "arch2vec/metrics.json (with at least one epoch)");
        JsonNode m = metrics.get();
        JsonNode last = epochs.get(epochs.size() - 1);
        int planned = m.path("config").path("epochs").asInt(epochs.size());
        String status = m.path("completed").asBoolean(false) ? "completed" : "partial (" + epochs.size() + " of " + planned + " epochs)";
        double seconds = 0;
        for (JsonNode e : epochs) seconds += finite(RunFiles.number(e, "seconds"));
        String followed = m.path("variant").asText("code").equals("paper")
                ? "arch2vec's paper: softmax op decoder, plain ELBO" : "arch2vec's code: sigmoid op decoder, KL divided by B*" + space.vertices();
        // metrics files written before the regime and the encoder were settings were made in training mode, with arch2vec's encoder
        String regime = m.path("regime").asText("train"), encoder = m.path("encoder").asText("arch2vec"), decoder = m.path("decoder").asText("arch2vec");
        String variant = Fmt.count(m.path("cells").asLong()) + " cells, epoch " + last.path("epoch").asText() + " of " + planned + "; " + followed
                + "; regime " + regime + (regime.equals("code") ? " (evaluation mode from epoch 2, as the released script)" : " (training mode every epoch)")
                + "; encoder " + encoder + ", decoder " + decoder;
        Optional<JsonNode> ceiling = RunFiles.json(run.resolve(STEP).resolve(DecodingCeiling.FILE)).map(c -> c.path("heldOut"));
        // the ceiling is that of arch2vec's encoder and decoder: the positional variants are not bound by it
        boolean bound = ceiling.isPresent() && encoder.equals("arch2vec") && decoder.equals("arch2vec");
        String identicalCeiling = bound ? Fmt.pct(RunFiles.number(ceiling.get(), "identicalCeiling")) : "—";
        String adjacencyCeiling = bound ? Fmt.pct(RunFiles.number(ceiling.get(), "adjacencyCeiling")) : "—";

        List<List<String>> common = List.of(
                List.of("validity of decoded samples", Fmt.pct(RunFiles.number(last, "validity")), "—", Fmt.pct(Arch2VecTableOne.NB101.validity())),
                List.of("uniqueness of valid samples", Fmt.pct(RunFiles.number(last, "uniqueness")), "—", Fmt.pct(Arch2VecTableOne.NB101.uniqueness())),
                List.of("operation accuracy (per node, arch2vec code)", Fmt.pct(RunFiles.number(last, "opAccuracy")), "—", "—"),
                List.of("adjacency accuracy (per entry, arch2vec code)", Fmt.pct(RunFiles.number(last, "adjacencyAccuracy")), adjacencyCeiling, "—"),
                List.of("mean probability on true edges / non-edges",
                        Fmt.sig(RunFiles.number(last, "meanEdgeProbability")) + " / " + Fmt.sig(RunFiles.number(last, "meanNonEdgeProbability")), "—", "—"),
                List.of("validity / uniqueness, samples from N(0, I)",
                        Fmt.pct(RunFiles.number(last, "validityStdNormal")) + " / " + Fmt.pct(RunFiles.number(last, "uniquenessStdNormal")), "—", "—"),
                List.of("training loss", Fmt.sig(RunFiles.number(last, "trainLoss")), "—", "—"),
                List.of("wall time (all epochs)", Fmt.duration(seconds), "—", "—"));
        List<List<String>> results = new ArrayList<>();
        if (space.published()) {
            results.add(List.of("identical decoding: held-out cells whose real vertices' ops and all 21 adjacency entries decode right",
                    Fmt.pct(RunFiles.number(last, "identicalGraph")), identicalCeiling, "100% (computed by no released code)"));
            results.add(List.of("the same, the op rows of padding vertices included", Fmt.pct(RunFiles.number(last, "identical")), "—",
                    Fmt.pct(Arch2VecTableOne.NB101.reconstruction())));
            results.addAll(common);
        } else {
            // every NAS-Bench-201 cell is the same 8-vertex graph: no padding vertices, so one identity; no ceiling is computed for it
            results.add(List.of("reconstruction: held-out cells decoded identically (every op and adjacency entry)",
                    Fmt.pct(RunFiles.number(last, "identical")), Fmt.pct(Arch2VecTableOne.NB201.reconstruction())));
            results.add(List.of("validity of decoded samples", Fmt.pct(RunFiles.number(last, "validity")), Fmt.pct(Arch2VecTableOne.NB201.validity())));
            results.add(List.of("uniqueness of valid samples, distinct cells", Fmt.pct(RunFiles.number(last, "uniqueness")), "—"));
            results.add(List.of(UNIQUE_GRAPHS, Fmt.pct(RunFiles.number(last, "uniquenessOfGraphs")), Fmt.pct(Arch2VecTableOne.NB201.uniqueness())));
            for (List<String> r : common.subList(2, common.size())) results.add(List.of(r.get(0), r.get(1), "—"));
        }

        List<String> perEpochHeader = List.of("epoch", "loss", "identical", "op acc.", "adjacency acc.", "validity", "uniqueness", "time", "batches/s");
        List<List<String>> perEpoch = new ArrayList<>();
        for (JsonNode e : epochs)
            perEpoch.add(List.of(e.path("epoch").asText(), Fmt.sig(RunFiles.number(e, "trainLoss")), Fmt.pct(RunFiles.number(e, "identical")),
                    Fmt.pct(RunFiles.number(e, "opAccuracy")), Fmt.pct(RunFiles.number(e, "adjacencyAccuracy")),
                    Fmt.pct(RunFiles.number(e, "validity")), Fmt.pct(RunFiles.number(e, "uniqueness")),
                    Fmt.duration(RunFiles.number(e, "seconds")), Fmt.sig(RunFiles.number(e, "batchesPerSecond"))));

        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, title, STEP)));
        if (space.published()) blocks.addAll(List.of(
                new Block.Paragraph("arch2vec, the graph VAE the paper extends, pretrained alone on the cells. arch2vec's paper defines "
                        + "reconstruction accuracy as the share of held-out cells decoded identically and reports 100%, but no released code "
                        + "computes it: the code prints the per-node op and per-entry adjacency accuracies only. Nor can arch2vec's model reach "
                        + "100%: its GIN encoder sees the undirected graph and the op one-hots, so vertices that colour refinement cannot tell "
                        + "apart get the same mu for any weights, and the inner-product decoder then predicts an edge between every such pair. "
                        + "The ceiling column is the most any weights can reach on the held-out cells (`ionas arch2vec ceiling`, exact over the "
                        + "split); identical decoding should be read against it, not against 100%. Validity and uniqueness decode samples "
                        + "drawn around the training embeddings."),
                new Block.Table("arch2vec (" + variant + "): ours beside the ceiling of arch2vec's model and arch2vec's Table 1 "
                        + "(NAS-Bench-101, 8 epochs on 381,261 cells)", List.of("metric", "ours", "ceiling (any weights)", "arch2vec (published)"), results),
                new Block.Table("arch2vec per epoch (" + variant + ")", perEpochHeader, perEpoch),
                ConfigTable.of("arch2vec settings: ours beside arch2vec's", m.path("config"), Published.ARCH2VEC_CONFIG, "arch2vec")));
        else blocks.addAll(List.of(
                new Block.Paragraph("arch2vec, the graph VAE the paper extends, pretrained alone on NAS-Bench-201's cells, each read as "
                        + "arch2vec reads it: its 6 operations as vertices between an input and an output, the same graph for every cell. "
                        + "Reconstruction accuracy is the share of held-out cells decoded identically; validity and uniqueness decode "
                        + "samples drawn around the training embeddings. arch2vec's Table 1 has a NAS-Bench-201 row, after "
                        + Published.ARCH2VEC_NB201_EPOCHS + " epochs on all " + Fmt.count(Published.ARCH2VEC_NB201_TRAIN_CELLS)
                        + " training cells; its uniqueness counts decoded graphs by their hash, as its script does, so a cell decoded "
                        + "with other edges counts again, and it is set beside ours counted the same way."),
                new Block.Table("arch2vec on NAS-Bench-201 (" + variant + "): ours beside arch2vec's Table 1 (NAS-Bench-201, "
                        + Published.ARCH2VEC_NB201_EPOCHS + " epochs)", List.of("metric", "ours", "arch2vec (published)"), results),
                new Block.Table("arch2vec per epoch (" + variant + ")", perEpochHeader, perEpoch),
                ConfigTable.of("arch2vec settings", m.path("config"))));
        blocks.addAll(latentFigures(run.resolve(STEP)));
        return new Section(STEP, title, status, true, blocks, headlines(m, last, planned, settings, space));
    }

    /** The latent-space figures {@code ionas arch2vec latent} left in the step's folder, maps first, in name order. */
    private static List<Block> latentFigures(Path dir) throws IOException {
        List<Block> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> pngs;
        try (var files = Files.list(dir)) {
            pngs = files.filter(f -> f.getFileName().toString().startsWith("latent-") && f.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        for (Path png : pngs) {
            String name = png.getFileName().toString(), stem = name.substring(0, name.length() - ".png".length());
            String caption = name.equals(LatentFigures.DISTANCE)
                    ? "L2 distance between two cells' embeddings against their edit distance (random pairs of sampled cells; as arch2vec's paper shows it)"
                    : (stem.startsWith("latent-pca-") ? "PCA" : "t-SNE (Smile)") + " map of the " + stem.substring(stem.indexOf('-', "latent-".length()) + 1)
                            + " embeddings of sampled cells, coloured by validation accuracy (as arch2vec's paper shows it)";
            out.add(new Block.Figure(png, STEP + "-" + name, caption));
        }
        return out;
    }

    /**
     * arch2vec's Table 1 against ours: comparable only for a completed NAS-Bench-101 run of the paper
     * preset. On NAS-Bench-201 the same columns of ours, never judged.
     */
    private static List<Headline> headlines(JsonNode m, JsonNode last, int planned, RunSettings settings, ReportSpace space) {
        long limit = m.path("config").path("limit").asLong(0);
        String trained = "epoch " + last.path("epoch").asText() + " of " + planned + " on " + (limit > 0 ? Fmt.count(limit) : "all") + " training cells";
        if (!space.published()) {
            // judged where trained as arch2vec's NAS-Bench-201 script trains: all its epochs, on every training cell
            boolean asPublished = m.path("completed").asBoolean(false) && last.path("epoch").asInt() == Published.ARCH2VEC_NB201_EPOCHS && limit == 0;
            String caveat = asPublished ? null : trained + " (arch2vec on NAS-Bench-201: " + Published.ARCH2VEC_NB201_EPOCHS + " epochs on all "
                    + Fmt.count(Published.ARCH2VEC_NB201_TRAIN_CELLS) + ")";
            List<Headline> out = new ArrayList<>();
            for (TableOne r : TABLE_ONE)
                out.add(Headline.judged(space.id("arch2vec." + r.key()), space.title("arch2vec " + r.nb201Title()), Measure.ACCURACY,
                        Estimate.point(RunFiles.number(last, r.nb201Field())), new Reference("arch2vec Table 1, NAS-Bench-201",
                                Estimate.point(r.nb201Published())), caveat, null).with(Headline.Prominence.TERMINAL));
            return out;
        }
        String caveat = null;
        if (!settings.paperPreset() || !m.path("completed").asBoolean(false))
            caveat = settings.presetInWords() + ": " + trained + " (arch2vec: " + Published.ARCH2VEC_EPOCHS + " epochs on all "
                    + Fmt.count(Published.ARCH2VEC_TRAIN_CELLS) + ")";
        List<Headline> out = new ArrayList<>();
        for (TableOne r : TABLE_ONE)
            out.add(Headline.judged("arch2vec." + r.key(), "arch2vec " + r.title(), Measure.ACCURACY, Estimate.point(RunFiles.number(last, r.field())),
                    new Reference("arch2vec Table 1", Estimate.point(r.published())), caveat, null).with(Headline.Prominence.TERMINAL));
        return out;
    }

    private static final String UNIQUE_GRAPHS = "uniqueness of valid samples, by graph hash (arch2vec's count)";

    /**
     * A column of arch2vec's Table 1: its key in summary.json; on NAS-Bench-101 the metrics.json field
     * it is, its title and the published figure; the same on NAS-Bench-201 (where no padding vertex
     * needs a word, and uniqueness is counted by graph hash as arch2vec's NAS-Bench-201 figure is).
     */
    private record TableOne(String key, String field, String title, double published, String nb201Field, String nb201Title, double nb201Published) {}

    private static final List<TableOne> TABLE_ONE = List.of(
            new TableOne("reconstruction", "identical", "reconstruction accuracy (held-out cells decoded identically, padding op rows included; the paper's 100% is computed by no released code)",
                    Arch2VecTableOne.NB101.reconstruction(), "identical", "reconstruction accuracy (held-out cells decoded identically)", Arch2VecTableOne.NB201.reconstruction()),
            new TableOne("validity", "validity", "validity of decoded samples", Arch2VecTableOne.NB101.validity(), "validity", "validity of decoded samples",
                    Arch2VecTableOne.NB201.validity()),
            new TableOne("uniqueness", "uniqueness", "uniqueness of valid samples", Arch2VecTableOne.NB101.uniqueness(), "uniquenessOfGraphs", UNIQUE_GRAPHS,
                    Arch2VecTableOne.NB201.uniqueness()));

    static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
