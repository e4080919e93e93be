package ionas.nas.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {
    @TempDir
    Path dir;

    /** A batch file of n records in the official layout: image i has label i % 10 and pixel value (i + c) % 256. */
    private Path writeBatch(String name, int n) throws IOException {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) (i % 10);
            for (int c = 0; c < 3; c++) Arrays.fill(b, i * 3073 + 1 + c * 1024, i * 3073 + 1 + (c + 1) * 1024, (byte) ((i + c) % 256));
        }
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    /**
     * A test batch cut to 100 records gave a test accuracy on 100 images that metrics.json said was
     * on more; a cut training batch silently changed the paper's split. Now each batch must hold the
     * official 10,000 images unless the caller accepts any size (--cifar-any-size).
     */
    @Test
    void aBatchThatIsNotTheOfficialSizeIsAnErrorUnlessAnySizeIsAccepted() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(Cifar10.FOLDER));
        Files.move(writeBatch("test_batch.bin", 100), folder.resolve("test_batch.bin"));
        IOException e = assertThrows(IOException.class, () -> Cifar10.test(dir));
        assertEquals("CIFAR-10 file " + folder.resolve("test_batch.bin") + " has 307300 bytes, not the official 10000 records of 3073"
                + " bytes: a cut file changes the paper's 45,000/5,000 split or the test set; use the official files, or pass"
                + " --cifar-any-size for a toy run", e.getMessage());
        assertEquals(100, Cifar10.test(dir, true).count());
    }

    @Test
    void readsTheOfficialLayout() throws IOException {
        CifarImages img = Cifar10.read(List.of(writeBatch("a.bin", 3), writeBatch("b.bin", 2)));
        assertEquals(5, img.count());
        assertEquals(1, img.label(4)); // second file restarts at label 0
        assertEquals(2, img.pixel(1, 1, 31, 31)); // image 1, green
    }

    @Test
    void badFilesAreReportedByName() throws IOException {
        Path p = dir.resolve("short.bin");
        Files.write(p, new byte[3000]);
        var size = assertThrows(IOException.class, () -> Cifar10.read(List.of(p)));
        assertTrue(size.getMessage().contains("short.bin") && size.getMessage().contains("3073"), size.getMessage());
        byte[] rec = new byte[3073];
        rec[0] = 10;
        Path bad = dir.resolve("label.bin");
        Files.write(bad, rec);
        var label = assertThrows(IOException.class, () -> Cifar10.read(List.of(bad)));
        assertTrue(label.getMessage().contains("record 0") && label.getMessage().contains("label 10"), label.getMessage());
        var missing = assertThrows(IOException.class, () -> Cifar10.train(dir.resolve("nothing")));
        assertTrue(missing.getMessage().contains("cifar-10-batches-bin"), missing.getMessage());
    }

    @Test
    void evaluationTransformNormalisesWithNasBenchPyTorchConstants() throws IOException {
        CifarImages img = Cifar10.read(List.of(writeBatch("a.bin", 1)));
        float[] out = new float[3072];
        CifarTransform.evaluation().apply(img, 0, 0, out, 0);
        for (int c = 0; c < 3; c++) {
            float expected = (c / 255f - CifarTransform.MEAN[c]) / CifarTransform.STD[c];
            assertEquals(expected, out[c * 1024 + 517], 1e-6);
        }
    }

    @Test
    void augmentationCropsWithBlackPaddingAndFlips() {
        // one image whose red pixel value is its column index: flips and shifts are visible
        byte[] px = new byte[3072];
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) px[y * 32 + x] = (byte) (x + 1);
        CifarImages img = new CifarImages(px, new byte[] {3});
        CifarTransform t = CifarTransform.training(7);
        float padded = -CifarTransform.MEAN[0] / CifarTransform.STD[0];
        boolean sawFlip = false, sawShift = false;
        for (long draw = 0; draw < 50; draw++) {
            float[] out = new float[3072];
            t.apply(img, 0, draw, out, 0);
            // recover each column's source column from the red channel of the middle row
            int[] src = new int[32];
            for (int x = 0; x < 32; x++) {
                float v = out[16 * 32 + x];
                src[x] = Math.abs(v - padded) < 1e-5 ? -1 : Math.round((v * CifarTransform.STD[0] + CifarTransform.MEAN[0]) * 255) - 1;
            }
            int first = -1;
            for (int x = 0; x < 32 && first < 0; x++) if (src[x] >= 0) first = x;
            boolean flipped = first < 31 && src[first + 1] < src[first];
            for (int x = first; x + 1 < 32 && src[x + 1] >= 0; x++) assertEquals(flipped ? -1 : 1, src[x + 1] - src[x]);
            sawFlip |= flipped;
            sawShift |= src[0] == -1 || src[31] == -1 || src[0] != (flipped ? 31 : 0);
        }
        assertTrue(sawFlip && sawShift, "50 draws show both flips and shifts");
    }

    @Test
    void loaderVisitsEveryImageOnceInASeededOrder() throws IOException {
        CifarImages img = Cifar10.read(List.of(writeBatch("a.bin", 23)));
        int[] subset = new int[20];
        for (int i = 0; i < 20; i++) subset[i] = i + 3;
        CifarLoader loader = new CifarLoader(img, subset, 8, CifarTransform.evaluation(), true, 5, 0);
        assertEquals(3, loader.batches());
        int[] seen = new int[23];
        int batches = 0;
        for (CifarLoader.Batch b : loader) {
            batches++;
            assertArrayEquals(new int[] {b.indices().length, 3, 32, 32}, b.images().shape());
            for (int k = 0; k < b.indices().length; k++) {
                seen[b.indices()[k]]++;
                assertEquals(b.indices()[k] % 10, b.labels().get(k), 0);
            }
        }
        assertEquals(3, batches);
        for (int i = 0; i < 23; i++) assertEquals(i >= 3 ? 1 : 0, seen[i], "image " + i);
        int[] again = new CifarLoader(img, subset, 8, CifarTransform.evaluation(), true, 5, 0).order();
        assertArrayEquals(loader.order(), again, "same seed and epoch, same order");
        assertNotEquals(Arrays.toString(loader.order()),
                Arrays.toString(new CifarLoader(img, subset, 8, CifarTransform.evaluation(), true, 5, 1).order()));
    }

    @Test
    void paperSplitHoldsOutNumpysChoice() {
        CifarSplit s = CifarSplit.paper();
        assertEquals(49_000, s.train().length);
        assertArrayEquals(new int[] {26247, 35067, 34590}, Arrays.copyOf(s.validation(), 3));
        assertTrue(Arrays.binarySearch(s.train(), 26247) < 0);
    }

    @Test
    void realDataHasTheExpectedCounts() throws IOException {
        Path data = Path.of("../../shared/data");
        assumeTrue(Files.isDirectory(data.resolve(Cifar10.FOLDER)), "no CIFAR-10 in ../shared/data; skipped");
        CifarImages test = Cifar10.test(data);
        assertEquals(10_000, test.count());
        int[] perClass = new int[10];
        for (int i = 0; i < test.count(); i++) perClass[test.label(i)]++;
        for (int c = 0; c < 10; c++) assertEquals(1000, perClass[c], "test images of class " + c);
    }
}
