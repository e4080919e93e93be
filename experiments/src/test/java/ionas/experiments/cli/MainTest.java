package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("tour"), r.out());
        assertTrue(r.out().contains("info"), r.out());
        assertTrue(r.out().contains("--data"), r.out());
    }

    @Test
    void versionNamesIonasAndJava() {
        CliRun r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("ionas "), r.out());
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("frobnicate"), r.err());
        // picocli prints the usage, or a suggestion when a command name is close
        assertTrue(r.err().contains("Usage: ionas") || r.err().contains("Did you mean"), r.err());
    }

    @Test
    void anUnknownProgressModeIsAUsageError() {
        CliRun r = run("--progress", "fancy", "info");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--progress is auto, bar, lines or off, not 'fancy'"), r.err());
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRun r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing command"), r.err());
        CliRun tour = run("tour");
        assertEquals(2, tour.code());
        assertTrue(tour.err().contains("Missing tour: choose one of autograd"), tour.err());
    }

    @Test
    void autogradTourPassesItsGradientCheckAndCatchesAnomalies() {
        CliRun r = run("tour", "autograd");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("gradcheck passed"), r.out());
        assertTrue(r.out().contains("MatMul"), r.out());
        assertTrue(r.out().contains("W.grad = tensor("), r.out());
        assertTrue(r.out().contains("AnomalyException: Log produced NaN in its forward pass"), r.out());
        assertTrue(r.out().contains("AnomalyException: Sqrt produced Inf in the gradient"), r.out());
    }

    @Test
    void autogradTourWritesDotAtomically(@TempDir Path dir) throws IOException {
        Path dot = dir.resolve("sub").resolve("graph.dot");
        CliRun r = run("tour", "autograd", "--dot", dot.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(dot);
        assertTrue(text.startsWith("digraph autograd {"), text);
        assertTrue(text.contains("MatMul"), text);
        try (Stream<Path> files = Files.list(dot.getParent())) {
            assertEquals(1, files.count(), "the temporary file was left behind");
        }
    }

    @Test
    void failureExitsOneWithTheMessageAndTheStackTraceOnlyWhenVerbose(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("file.txt"), "x");
        String dot = notADir.resolve("graph.dot").toString();
        CliRun r = run("tour", "autograd", "--dot", dot);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ionas tour autograd: error: FileAlreadyExistsException: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRun verbose = run("--verbose", "tour", "autograd", "--dot", dot);
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void infoSaysWhetherCudaIsAvailableAndShowsTheDataFolder(@TempDir Path dir) {
        CliRun r = run("info", "--data", dir.toString());
        assertEquals(0, r.code(), r.err());
        var gpu = ionas.kernels.cuda.CudaDevice.probe();
        assertTrue(r.out().contains("cuda     " + (gpu.available() ? gpu.describe() + "; backend: " : "NO: ")), r.out());
        assertTrue(r.out().contains("Vector API"), r.out());
        assertTrue(r.out().contains("data     " + dir.toAbsolutePath().normalize()), r.out());
        // a global option works before the command's name too
        CliRun before = run("--data", dir.toString(), "info");
        assertTrue(before.out().contains("data     " + dir.toAbsolutePath().normalize()), before.out());
    }

    /** pretrain --stem 12000 ended in an OutOfMemoryError's stack trace; now a message that says what to do. */
    @Test
    void runningOutOfHeapIsAMessageNotAStackTrace() {
        StringWriter err = new StringWriter();
        int code = Main.execute(new CommandLine(new Hungry()), new String[0], new PrintWriter(err));
        assertEquals(CommandLine.ExitCode.SOFTWARE, code);
        assertTrue(err.toString().startsWith("ionas: error: out of Java memory (Java heap space) with a heap of at most "), err.toString());
        assertTrue(err.toString().contains("IONAS_JAVA_OPTS=-Xmx"), err.toString());
        assertEquals("ionas: error: out of Java memory (Java heap space) with a heap of at most 4.0 GiB: the run is larger than this"
                + " JVM allows; make it smaller (e.g. --stem, --batch) or give the JVM more, e.g. IONAS_JAVA_OPTS=-Xmx8g ./ionas ...",
                Main.outOfMemory(new OutOfMemoryError("Java heap space"), 4L << 30));
    }

    @CommandLine.Command(name = "hungry")
    static final class Hungry implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** A folder named like a command ("data", the default data folder's own name) is a value where one is expected. */
    @Test
    void anOptionValueNamedLikeACommandIsTakenAsTheValue() {
        CliRun r = CliRun.of("--data", "data", "info");
        assertEquals(0, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("Expected parameter for option '--data'"), r.err());
    }
}
