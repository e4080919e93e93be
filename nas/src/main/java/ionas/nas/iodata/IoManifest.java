package ionas.nas.iodata;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import ionas.nas.JsonFiles;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The IO dataset's table of contents ({@code manifest.json}): the networks with their graphs, which
 * of the training networks form the validation set on unseen images, the image counts and the
 * feature dimension. Written last by {@link IoDatasetBuilder#join}, so its presence means the
 * dataset is complete.
 *
 * @param space the networks' search space, by {@link ionas.nas.space.CellKind#name()}
 * @param networks training networks first, then validation networks; a network's position here is
 *     its index everywhere else (e.g. in {@code stats.safetensors})
 * @param heldTrainNetworks the hashes of the tenth of the training networks whose outputs on unseen
 *     images form the validation set {@link IoSet#VALID_UNSEEN_IMAGES}
 */
public record IoManifest(String format, int version, String space, int featureDim, int seenImages, int unseenImages, long seed,
                         boolean frozenAugmentation, List<Network> networks, List<String> heldTrainNetworks) {
    public static final String FORMAT = "ionas-io-dataset", FILE = "manifest.json";
    /** Version 2 names the space and records each network's cell as its space describes it; version 1 held NAS-Bench-101 matrices. */
    public static final int VERSION = 2;
    // a network without a test accuracy has NaN, which Jackson writes as a bare NaN token
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // an older version's fields must reach the version check, not fail the parse
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * One pretrained network: its name (its pretraining folder's and its output file's), role
     * ({@code train} or {@code validation}), its cell's key and description
     * ({@link ionas.nas.space.CellKind#describe}), and its pretraining accuracies.
     */
    public record Network(String name, String role, String key, JsonNode cell, double validationAccuracy, double testAccuracy) {
        @JsonIgnore
        public boolean isTrain() {
            return role.equals("train");
        }
    }

    public IoManifest {
        networks = List.copyOf(networks);
        heldTrainNetworks = List.copyOf(heldTrainNetworks);
    }

    void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    public static IoManifest read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f))
            throw new IOException("no IO dataset in " + dir + " (" + FILE + " is missing; build it with `ionas io-dataset build`)");
        IoManifest m = JsonFiles.readValue(JSON, f, IoManifest.class);
        if (!FORMAT.equals(m.format())) throw new IOException(f + " is not an " + FORMAT + " manifest");
        if (m.version() != VERSION)
            throw new IOException(f + " is version " + m.version() + " of the manifest, this ionas reads version " + VERSION
                    + ": delete it and run `ionas io-dataset build` again (the networks' outputs are kept; only the join runs)");
        return m;
    }
}
