package ionas.nas.cifar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 from the official binary distribution ({@code cifar-10-batches-bin/}): the five
 * training batches (50,000 images) and the test batch (10,000). Files are checked as they are read:
 * a wrong size or a label outside 0..9 is an error naming the file and the record. Each batch must
 * hold the official 10,000 images unless the caller accepts any size (tests, toy runs): a cut file
 * silently changed the paper's 45,000/5,000 split, or the test set a reported accuracy is on.
 */
public final class Cifar10 {
    private Cifar10() {}

    public static final String FOLDER = "cifar-10-batches-bin";
    private static final int RECORD = 1 + CifarImages.IMAGE_BYTES;
    /** Images in each official batch file. */
    public static final int BATCH_IMAGES = 10_000;

    /** The 50,000 training images, from {@code data_batch_1.bin} .. {@code data_batch_5.bin} in order. */
    public static CifarImages train(Path dataDir) throws IOException {
        return train(dataDir, false);
    }

    /** The training images; with {@code anySize}, batch files of any whole number of records are accepted. */
    public static CifarImages train(Path dataDir, boolean anySize) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) files.add(folder(dataDir).resolve("data_batch_" + i + ".bin"));
        if (!anySize) requireOfficialSize(files);
        return read(files);
    }

    /** The 10,000 test images, from {@code test_batch.bin}. */
    public static CifarImages test(Path dataDir) throws IOException {
        return test(dataDir, false);
    }

    /** The test images; with {@code anySize}, a test batch of any whole number of records is accepted. */
    public static CifarImages test(Path dataDir, boolean anySize) throws IOException {
        List<Path> files = List.of(folder(dataDir).resolve("test_batch.bin"));
        if (!anySize) requireOfficialSize(files);
        return read(files);
    }

    private static void requireOfficialSize(List<Path> files) throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue; // read() names a missing file
            long size = Files.size(f);
            if (size != (long) BATCH_IMAGES * RECORD)
                throw new IOException("CIFAR-10 file " + f + " has " + size + " bytes, not the official " + BATCH_IMAGES
                        + " records of " + RECORD + " bytes: a cut file changes the paper's 45,000/5,000 split or the"
                        + " test set; use the official files, or pass --cifar-any-size for a toy run");
        }
    }

    /** {@code dataDir/cifar-10-batches-bin}, or {@code dataDir} itself when it holds the files directly. */
    public static Path folder(Path dataDir) throws IOException {
        Path sub = dataDir.resolve(FOLDER);
        if (Files.isDirectory(sub)) return sub;
        if (Files.exists(dataDir.resolve("test_batch.bin"))) return dataDir;
        throw new IOException("no CIFAR-10 at " + dataDir.toAbsolutePath() + ": expected a folder " + FOLDER
                + " with data_batch_1.bin .. data_batch_5.bin and test_batch.bin (the official binary version,"
                + " cifar-10-binary.tar.gz, unpacked)");
    }

    /** Reads and concatenates the given batch files. */
    public static CifarImages read(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) throw new IOException("CIFAR-10 file missing: " + f.toAbsolutePath());
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0)
                throw new IOException("CIFAR-10 file " + f + " has " + size + " bytes, not a whole number of "
                        + RECORD + "-byte records (1 label + 3,072 pixels)");
            total += size / RECORD;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[n * CifarImages.IMAGE_BYTES], labels = new byte[n];
        int at = 0;
        for (Path f : files) {
            byte[] all = Files.readAllBytes(f);
            for (int r = 0; r < all.length / RECORD; r++, at++) {
                int label = all[r * RECORD] & 0xFF;
                if (label >= CifarImages.CLASSES)
                    throw new IOException("CIFAR-10 file " + f + ", record " + r + ": label " + label + " is not in 0..9");
                labels[at] = (byte) label;
                System.arraycopy(all, r * RECORD + 1, pixels, at * CifarImages.IMAGE_BYTES, CifarImages.IMAGE_BYTES);
            }
        }
        return new CifarImages(pixels, labels);
    }
}
