package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 2: the IO dataset of (network, image, features) triplets (paper section 3.2, Appendix A.2,
 * Table 2), on NAS-Bench-101 beside the paper's sizes; on NAS-Bench-201 the same sets without them.
 */
final class IoDatasetSection {
    static final String STEP = "io-dataset", TITLE = "2. IO dataset (paper section 3.2, Appendix A.2)", NB201_TITLE = "NAS-Bench-201: IO dataset";

    private IoDatasetSection() {}

    static Section read(Path run, ReportSpace space) throws IOException {
        String title = space.published() ? TITLE : NB201_TITLE;
        Optional<JsonNode> manifest = RunFiles.json(run.resolve(STEP).resolve("manifest.json"));
        if (manifest.isEmpty()) return Section.notRun(STEP, title, "io-dataset/manifest.json");
        JsonNode m = manifest.get();
        long train = 0, validation = 0;
        for (JsonNode n : m.path("networks")) {
            if ("train".equals(n.path("role").asText())) train++;
            else if ("validation".equals(n.path("role").asText())) validation++;
        }
        long held = m.path("heldTrainNetworks").size();
        long seen = m.path("seenImages").asLong(), unseen = m.path("unseenImages").asLong();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("train", "train networks x seen images", train, seen, space));
        rows.add(row("valid_unseen_networks", "validation networks x seen images", validation, seen, space));
        rows.add(row("valid_unseen_images", "held-out tenth of train networks x unseen images", held, unseen, space));
        rows.add(row("test_unseen_images", "other train networks x unseen images", train - held, unseen, space));
        rows.add(row("test_unseen_both", "validation networks x unseen images", validation, unseen, space));

        String variant = Fmt.count(train) + " train + " + Fmt.count(validation) + " validation networks, " + Fmt.count(seen) + " seen + "
                + Fmt.count(unseen) + " unseen images, " + m.path("featureDim").asText("?") + "-d features";
        List<List<String>> settings = List.of(
                List.of("feature dimension", m.path("featureDim").asText(Fmt.NA), "512 (global average pooling output)"),
                List.of("seen images (held-out CIFAR-10 train images)", Fmt.count(seen), "1,000"),
                List.of("unseen images (CIFAR-10 test subset)", Fmt.count(unseen), "2,000 (test_2k)"),
                List.of("frozen augmentation of seen images", m.path("frozenAugmentation").asText(Fmt.NA), "yes (info-NAS code)"),
                List.of("seed", m.path("seed").asText(Fmt.NA), "—"),
                List.of("format", m.path("format").asText(Fmt.NA) + " v" + m.path("version").asText("?"), "—"));
        List<String> header = List.of("set", "networks x images", "networks", "images", "examples", "paper networks", "paper images", "paper examples");
        List<Block> blocks = space.published()
                ? List.of(new Block.Heading(2, title, STEP),
                        new Block.Paragraph("Each pretrained network is run on CIFAR-10 images; the features before its last dense layer are the "
                                + "labels the IO model learns. Table 2 of the paper splits them by network and image into five sets."),
                        new Block.Table("The paper's Table 2 for this run (" + variant + ")", header, rows),
                        new Block.Table("IO dataset settings: ours beside the paper's", List.of("setting", "ours", "paper"), settings))
                : List.of(new Block.Heading(2, title, STEP),
                        new Block.Paragraph("Each pretrained NAS-Bench-201 network is run on CIFAR-10 images; the features before its "
                                + "classifier are the labels the IO model learns, split by network and image into the paper's five sets "
                                + "(its Table 2 gives NAS-Bench-101's sizes, not set beside these)."),
                        new Block.Table("The paper's five sets for this run (" + variant + ")", header.subList(0, OURS), rows),
                        // the settings without the paper's column
                        new Block.Table("IO dataset settings", List.of("setting", "ours"), settings.stream().map(r -> r.subList(0, 2)).toList()));
        return new Section(STEP, title, "completed", true, blocks, List.of());
    }

    /** The columns of ours in a set's row; the paper's follow on NAS-Bench-101. */
    private static final int OURS = 5;

    private static List<String> row(String set, String what, long networks, long images, ReportSpace space) {
        List<String> ours = List.of(set, what, Fmt.count(networks), Fmt.count(images), Fmt.count(networks * images));
        if (!space.published()) return ours;
        long[] paper = Published.IO_SETS.get(set);
        return java.util.stream.Stream.concat(ours.stream(), java.util.stream.Stream.of(Fmt.count(paper[0]), Fmt.count(paper[1]), Fmt.count(paper[2]))).toList();
    }
}
