package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pretraining from the command line: an interrupted job resumes and finished networks are not retrained. */
class PretrainCommandTest {
    @TempDir
    Path dir;

    /** A small CIFAR-10 folder in the official layout: 5 training batches and a test batch of 20 images. */
    private Path fakeData() throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("data/cifar-10-batches-bin"));
        Random r = new Random(3);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[20 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 20; i++) b[i * 3073] = (byte) (i % 10);
            Files.write(cifar.resolve(name + ".bin"), b);
        }
        Path cells = dir.resolve("cells.json");
        Files.writeString(cells, """
                [{"name": "a", "matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv3x3-bn-relu", "output"]},
                 {"name": "b", "matrix": [[0,1,1],[0,0,1],[0,0,0]], "ops": ["input", "maxpool3x3", "output"]}]
                """);
        return dir.resolve("data");
    }

    private String run(String... extra) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        String[] base = {"--data", dir.resolve("data").toString(), "--cifar-any-size", "pretrain", "--preset", "tiny", "--cells",
            dir.resolve("cells.json").toString(), "--out", dir.resolve("out").toString(), "--epochs", "2", "--stem", "4",
            "--train-images", "60", "--test-images", "20"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, cl.execute(args), out.toString());
        return out.toString();
    }

    @Test
    void resumesAfterAnInterruptionAndSkipsFinishedNetworks() throws IOException {
        fakeData();
        String first = run("--until-epoch", "1"); // as if killed after the first epoch of every network
        assertTrue(first.contains("2 trained"), first);
        assertTrue(Files.readString(dir.resolve("out/a/metrics.json")).contains("\"completed\" : false"));

        String second = run();
        assertTrue(second.contains("a: 2 epochs") && second.contains("test accuracy"), second);
        assertTrue(second.contains("2 trained, 0 already done"), second);
        FileTime finished = Files.getLastModifiedTime(dir.resolve("out/a/checkpoint.safetensors"));

        String third = run();
        assertTrue(third.contains("0 trained, 2 already done"), third);
        assertEquals(finished, Files.getLastModifiedTime(dir.resolve("out/a/checkpoint.safetensors")), "not retrained");
    }

    /**
     * A finished network is "already done" only for the same cell and settings: a rerun with
     * another --seed and --epochs said "already done" and reported the old network as its own.
     */
    @Test
    void aRerunWithOtherSettingsOrAnotherCellUnderTheSameNameIsAnErrorThatSaysWhatDiffers() throws IOException {
        fakeData();
        run();
        String[] base = {"--data", dir.resolve("data").toString(), "--cifar-any-size", "pretrain", "--preset", "tiny", "--cells",
            dir.resolve("cells.json").toString(), "--out", dir.resolve("out").toString(), "--stem", "4",
            "--train-images", "60", "--test-images", "20"};
        CliRun r = CliRun.of(concat(base, "--epochs", "3", "--seed", "7"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("a in " + dir.resolve("out") + " was made with epochs 2 (this run: 3), seed "), r.err());
        assertTrue(r.err().contains("(this run: 7): give another --out, or delete " + dir.resolve("out/a") + " to train it again"), r.err());

        Files.writeString(dir.resolve("cells.json"), """
                [{"name": "a", "matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv1x1-bn-relu", "output"]}]
                """);
        CliRun other = CliRun.of(concat(base, "--epochs", "2"));
        assertEquals(1, other.code(), other.out() + other.err());
        assertTrue(other.err().contains("a in " + dir.resolve("out") + " was made with another cell (")
                        && other.err().contains("ops=[input, conv3x3-bn-relu, output])"),
                other.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void untilEpochZeroIsAUsageErrorThatLeavesNoFolder() throws IOException {
        fakeData();
        CliRun r = CliRun.of("--data", dir.resolve("data").toString(), "--cifar-any-size", "pretrain", "--preset", "tiny", "--cells", dir.resolve("cells.json").toString(),
                "--out", dir.resolve("out").toString(), "--until-epoch", "0");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--until-epoch must be at least 1, got 0"), r.err());
        assertTrue(!Files.exists(dir.resolve("out")), "no folder left behind");
    }

    @Test
    void shardsSplitTheCells() throws IOException {
        fakeData();
        String s0 = run("--shard", "0/2");
        assertTrue(s0.contains("a: ") && !s0.contains("b: ") && s0.contains("of 1 cells"), s0);
        String s1 = run("--shard", "1/2");
        assertTrue(s1.contains("b: ") && !s1.contains("a: "), s1);
    }
}
