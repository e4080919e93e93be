package ionas.nas.iodata;

import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.pretrain.PretrainConfig;
import ionas.nas.pretrain.Pretrainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small real IO dataset for tests: 4 training and 2 validation networks from the space of cells
 * with at most 5 vertices, pretrained for one epoch on 60 synthetic images (labels 0-2, coded in
 * the brightness), then run on 12 seen and 20 unseen images.
 */
public final class IoFixture {
    public static final int TRAIN = 4, VALIDATION = 2, SEEN = 12, UNSEEN = 20;
    public static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static SearchSpace space;

    public static synchronized SearchSpace space() {
        if (space == null) space = SearchSpace.enumerate(5, 2, SearchSpace.Progress.NONE);
        return space;
    }

    public static CifarImages images(int count, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[count * 3072], labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 3);
            for (int k = 0; k < 3072; k++) px[i * 3072 + k] = (byte) (r.nextInt(90) + (i % 3) * 80);
        }
        return new CifarImages(px, labels);
    }

    public static CifarSplit split() {
        return CifarSplit.of(60, SEEN, 1);
    }

    public static IoDatasetBuilder.Config config() {
        return new IoDatasetBuilder.Config(SEEN, UNSEEN, 1, true, 0.1);
    }

    /** Pretrains the networks into {@code dir} (cells spread over the space's index range). */
    public static void pretrain(Path dir) throws IOException {
        SearchSpace s = space();
        CifarImages img = images(60, 1);
        PretrainConfig c = new PretrainConfig(1, 20, 0.05, 0.9, 1e-4, 5, 4, 1, 1, 3, 0, 0, true);
        Pretrainer p = new Pretrainer(c, img, img, split(), dir, QUIET);
        for (int k = 0; k < TRAIN + VALIDATION; k++) {
            int i = (int) ((k * 7919L + 13) % s.size());
            p.train((k < TRAIN ? "train/" : "validation/") + s.hash(i), s.get(i));
        }
    }

    /** Pretrains, extracts and joins: a complete dataset in {@code dir/io}. */
    public static Path build(Path dir) throws IOException {
        pretrain(dir.resolve("pretrain"));
        IoDatasetBuilder b = new IoDatasetBuilder(config(), dir.resolve("pretrain"), dir.resolve("io"), QUIET);
        CifarImages img = images(60, 1);
        IoImages images = b.images(img, split().validation(), images(60, 2));
        b.extract(images, 0, 1);
        b.join(images);
        return dir.resolve("io");
    }

    private IoFixture() {}
}
