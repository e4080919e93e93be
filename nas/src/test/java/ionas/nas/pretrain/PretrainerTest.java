package ionas.nas.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.nb201.Nb201Cell;
import ionas.nas.nb201.Nb201Space;
import ionas.tensor.testing.TestDevice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {
    @TempDir
    Path dir;

    static final CellSpec CELL = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}},
            "input", "conv3x3-bn-relu", "maxpool3x3", "output");

    /** 60 random images whose label is brightness-coded, so a network can learn something. */
    static CifarImages images() {
        Random r = new Random(1);
        byte[] px = new byte[60 * 3072], labels = new byte[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = (byte) (i % 2);
            for (int k = 0; k < 3072; k++) px[i * 3072 + k] = (byte) (r.nextInt(100) + (i % 2) * 120);
        }
        return new CifarImages(px, labels);
    }

    private PretrainConfig config(int epochs) {
        return new PretrainConfig(epochs, 16, 0.05, 0.9, 1e-4, 5, 4, 1, 1, 3, 0, 0, true);
    }

    @Test
    void trainsWritesMetricsAndResumesToTheSameResult() throws Exception {
        CifarImages img = images();
        CifarSplit split = CifarSplit.of(60, 12, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        // uninterrupted: 3 epochs
        Pretrainer.Result full = new Pretrainer(config(3), img, img, split, dir.resolve("a"), quiet).train("cell", CELL);
        assertEquals(3, full.epochs().size());
        assertTrue(Pretrainer.isCompleted(dir.resolve("a/cell")));
        assertTrue(full.last().trainLoss() < full.epochs().get(0).trainLoss(), "the loss goes down");
        assertTrue(full.testAccuracy() >= 0 && full.testAccuracy() <= 1);
        assertTrue(Files.readString(dir.resolve("a/cell/metrics.json")).contains("test_accuracy"));

        // interrupted after 2 epochs, then resumed
        new Pretrainer(config(3), img, img, split, dir.resolve("b"), quiet).train("cell", CELL, 2);
        assertFalse(Pretrainer.isCompleted(dir.resolve("b/cell")));
        Pretrainer.Result resumed = new Pretrainer(config(3), img, img, split, dir.resolve("b"), quiet).train("cell", CELL);
        assertTrue(resumed.resumed());
        assertEquals(3, resumed.epochs().size());
        assertEquals(full.last().trainLoss(), resumed.last().trainLoss(), 0, "resuming reproduces the uninterrupted run");
        assertArrayEquals(full.network().parameters().get(0).data().toFloatArray(),
                resumed.network().parameters().get(0).data().toFloatArray());
        assertTrue(Pretrainer.isCompleted(dir.resolve("b/cell")));

        // a network made with other settings is refused with a message that says which differ
        var err = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new Pretrainer(config(4), img, img, split, dir.resolve("b"), quiet).train("cell", CELL));
        assertTrue(err.getMessage().contains("cell in " + dir.resolve("b") + " was made with epochs 3 (this run: 4)"), err.getMessage());
    }

    /** On another device (simulated on the CPU: arrays left behind fail) the training is the CPU's, number for number. */
    @Test
    void trainsOnAnotherDeviceExactlyAsOnTheCpu() throws Exception {
        CifarImages img = images();
        CifarSplit split = CifarSplit.of(60, 12, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Pretrainer.Result cpu = new Pretrainer(config(2), img, img, split, dir.resolve("cpu"), quiet).train("cell", CELL);
        ionas.tensor.Device gpu = ionas.tensor.Device.cuda(0);
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            Pretrainer.Result dev = new Pretrainer(config(2), img, img, split, dir.resolve("gpu"), quiet).onDevice(gpu).train("cell", CELL);
            for (int e = 0; e < 2; e++) {
                assertEquals(cpu.epochs().get(e).trainLoss(), dev.epochs().get(e).trainLoss(), 0.0);
                assertEquals(cpu.epochs().get(e).validationAccuracy(), dev.epochs().get(e).validationAccuracy(), 0.0);
            }
            assertEquals(cpu.testAccuracy(), dev.testAccuracy(), 0.0);
            assertEquals(gpu, dev.network().parameters().get(0).data().device());
        }
    }

    /**
     * A NAS-Bench-201 network trains through the same loop: its metrics file names the space and
     * the architecture string, the cell reads back from it, and a NAS-Bench-101 run in the same
     * folder is refused as another space.
     */
    @Test
    void trainsANasBench201NetworkAndRecordsItsSpaceAndCell() throws Exception {
        CifarImages img = images();
        CifarSplit split = CifarSplit.of(60, 12, 1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Nb201Cell cell = Nb201Cell.parse("|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");
        Pretrainer.Result r = new Pretrainer(config(2), img, img, split, dir, quiet).train("nb201", Nb201Space.INSTANCE, cell, 2);
        assertEquals(2, r.epochs().size());
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss(), "the loss goes down");
        assertTrue(Pretrainer.isCompleted(dir.resolve("nb201")));

        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("nb201/metrics.json").toFile());
        assertEquals("NAS-Bench-201", metrics.get("space").asText());
        assertEquals(cell.toString(), metrics.get("key").asText());
        assertEquals(cell.toString(), metrics.get("arch").asText());
        assertEquals(cell, Pretrainer.recordedCell(metrics, Nb201Space.INSTANCE));
        var wrongSpace = assertThrows(IllegalArgumentException.class, () -> Pretrainer.recordedCell(metrics, Nb101Cells.KIND));
        assertEquals("network 'nb201' is a NAS-Bench-201 network, not NAS-Bench-101", wrongSpace.getMessage());

        var err = assertThrows(java.io.IOException.class,
                () -> new Pretrainer(config(2), img, img, split, dir, quiet).train("nb201", CELL));
        assertTrue(err.getMessage().contains("nb201 in " + dir + " was made with another space (NAS-Bench-201)"), err.getMessage());
        Nb201Cell other = Nb201Cell.parse("|nor_conv_1x1~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");
        var otherCell = assertThrows(java.io.IOException.class,
                () -> new Pretrainer(config(2), img, img, split, dir, quiet).train("nb201", Nb201Space.INSTANCE, other, 2));
        assertTrue(otherCell.getMessage().contains("was made with another cell (" + cell + ", "), otherCell.getMessage());
    }

    /** Metrics files from before there were two spaces record no space: they are NAS-Bench-101's, read from matrix and ops. */
    @Test
    void aMetricsFileWithoutASpaceIsNasBench101() throws Exception {
        JsonNode old = new ObjectMapper().readTree("""
                {"name": "cell", "matrix": [[0,1,1,0],[0,0,0,1],[0,0,0,1],[0,0,0,0]],
                 "ops": ["input", "conv3x3-bn-relu", "maxpool3x3", "output"], "config": {}}""");
        assertEquals(CELL, Pretrainer.recordedCell(old, Nb101Cells.KIND));
    }
}
