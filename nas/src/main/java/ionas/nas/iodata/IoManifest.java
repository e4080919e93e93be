package ionas.nas.iodata;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.json.JsonReadFeature;
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
 * @param networks training networks first, then validation networks; a network's position here is
 *     its index everywhere else (e.g. in {@code stats.safetensors})
 * @param heldTrainNetworks the hashes of the tenth of the training networks whose outputs on unseen
 *     images form the validation set {@link IoSet#VALID_UNSEEN_IMAGES}
 */
public record IoManifest(String format, int version, int featureDim, int seenImages, int unseenImages, long seed,
                         boolean frozenAugmentation, List<Network> networks, List<String> heldTrainNetworks) {
    public static final String FORMAT = "ionas-io-dataset", FILE = "manifest.json";
    // a network without a test accuracy has NaN, which Jackson writes as a bare NaN token
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** One pretrained network: its hash, role ({@code train} or {@code validation}), cell and pretraining accuracy. */
    public record Network(String hash, String role, int[][] matrix, List<String> ops, double validationAccuracy, double testAccuracy) {
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
        return m;
    }
}
