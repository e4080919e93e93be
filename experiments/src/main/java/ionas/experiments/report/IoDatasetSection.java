package ionas.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Step 2: the IO dataset of (network, image, features) triplets (paper section 3.2, Appendix A.2, Table 2). */
final class IoDatasetSection {
    static final String STEP = "io-dataset", TITLE = "2. IO dataset (paper section 3.2, Appendix A.2)";

    private IoDatasetSection() {}

    static Section read(Path run) throws IOException {
        Optional<JsonNode> manifest = RunFiles.json(run.resolve(STEP).resolve("manifest.json"));
        if (manifest.isEmpty()) return Section.notRun(STEP, TITLE, "io-dataset/manifest.json");
        JsonNode m = manifest.get();
        long train = 0, validation = 0;
        for (JsonNode n : m.path("networks")) {
            if ("train".equals(n.path("role").asText())) train++;
            else if ("validation".equals(n.path("role").asText())) validation++;
        }
        long held = m.path("heldTrainNetworks").size();
        long seen = m.path("seenImages").asLong(), unseen = m.path("unseenImages").asLong();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("train", "train networks x seen images", train, seen));
        rows.add(row("valid_unseen_networks", "validation networks x seen images", validation, seen));
        rows.add(row("valid_unseen_images", "held-out tenth of train networks x unseen images", held, unseen));
        rows.add(row("test_unseen_images", "other train networks x unseen images", train - held, unseen));
        rows.add(row("test_unseen_both", "validation networks x unseen images", validation, unseen));

        String variant = Fmt.count(train) + " train + " + Fmt.count(validation) + " validation networks, " + Fmt.count(seen) + " seen + "
                + Fmt.count(unseen) + " unseen images, " + m.path("featureDim").asText("?") + "-d features";
        List<List<String>> settings = List.of(
                List.of("feature dimension", m.path("featureDim").asText(Fmt.NA), "512 (global average pooling output)"),
                List.of("seen images (held-out CIFAR-10 train images)", Fmt.count(seen), "1,000"),
                List.of("unseen images (CIFAR-10 test subset)", Fmt.count(unseen), "2,000 (test_2k)"),
                List.of("frozen augmentation of seen images", m.path("frozenAugmentation").asText(Fmt.NA), "yes (info-NAS code)"),
                List.of("seed", m.path("seed").asText(Fmt.NA), "—"),
                List.of("format", m.path("format").asText(Fmt.NA) + " v" + m.path("version").asText("?"), "—"));
        List<Block> blocks = List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("Each pretrained network is run on CIFAR-10 images; the features before its last dense layer are the "
                        + "labels the IO model learns. Table 2 of the paper splits them by network and image into five sets."),
                new Block.Table("The paper's Table 2 for this run (" + variant + ")",
                        List.of("set", "networks x images", "networks", "images", "examples", "paper networks", "paper images", "paper examples"), rows),
                new Block.Table("IO dataset settings: ours beside the paper's", List.of("setting", "ours", "paper"), settings));
        return new Section(STEP, TITLE, "completed", true, blocks, List.of());
    }

    private static List<String> row(String set, String what, long networks, long images) {
        long[] paper = Published.IO_SETS.get(set);
        return List.of(set, what, Fmt.count(networks), Fmt.count(images), Fmt.count(networks * images),
                Fmt.count(paper[0]), Fmt.count(paper[1]), Fmt.count(paper[2]));
    }
}
