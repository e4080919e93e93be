package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the CUDA kernels of {@code src/main/cuda} on the CPU, from their actual source, and checks
 * every output against plain reference loops: {@code src/test/cuda-emu} holds a small CUDA-on-CPU
 * emulator ({@code cuda_emu.h}: blocks of real threads, __syncthreads, warp shuffles; {@code
 * ptx_emu.h}: the inline PTX of gemm_tiles.cuh, mma.sync m16n8k8 tf32 with the PTX ISA's fragment
 * layout, cp.async, cvt.rna.tf32) and one test program per kernel file, {@code emu_NAME.cpp}, which
 * prints a PASS/FAIL line per case and exits non-zero on any failure. Each program is compiled with
 * g++ into {@code target/cuda-emu} and run here; a failure shows its output.
 *
 * <p>Skipped when g++ is not on PATH or the sources are not under the module folder, and in the
 * {@code -Dionas.vector.bits=0} surefire execution (the programs do not depend on the JVM's
 * vector path: one run is enough). {@code -Dionas.cuda.emu.sanitize=thread} builds the programs
 * with ThreadSanitizer instead, which reports any data race between the threads of a block (a
 * missing __syncthreads): slower, about 3x.
 */
class CudaEmulatorTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path EMU = MODULE.resolve("src/test/cuda-emu"), CUDA = MODULE.resolve("src/main/cuda");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gemm", "conv", "reduce", "softmax", "norm", "elementwise", "pool", "index", "random", "optim"})
    void kernelsMatchReferenceLoopsOnTheEmulator(String name) throws IOException, InterruptedException {
        assumeFalse("0".equals(System.getProperty("ionas.vector.bits")),
                "the emulator runs once, in the default surefire execution (it does not use the JVM's vector path)");
        Path source = EMU.resolve("emu_" + name + ".cpp"), kernel = CUDA.resolve(name + ".cu");
        assumeTrue(Files.isRegularFile(source) && Files.isRegularFile(kernel),
                "no " + source + " or " + kernel + ": the emulator tests need the module's source folders");
        assumeTrue(Toolchain.runs("g++"), "g++ is not on PATH: the CUDA emulator tests compile the kernels with g++");

        String sanitize = System.getProperty("ionas.cuda.emu.sanitize", "");
        Path out = MODULE.resolve("target/cuda-emu");
        Files.createDirectories(out);
        Path exe = out.resolve("emu_" + name + (sanitize.isEmpty() ? "" : "_" + sanitize));
        if (!upToDate(exe)) {
            List<String> cmd = new ArrayList<>(List.of("g++"));
            cmd.addAll(Files.readAllLines(EMU.resolve("gxx-flags.txt")));
            cmd.addAll(List.of("-I" + EMU, "-I" + CUDA));
            if (!sanitize.isEmpty()) cmd.addAll(List.of("-fsanitize=" + sanitize, "-g"));
            cmd.addAll(List.of(source.toString(), "-o", exe.toString()));
            Result compile = run(cmd, out.resolve("emu_" + name + ".compile.txt"), 180);
            assertEquals(0, compile.exitCode(), "g++ failed on " + source + ":\n" + compile.output());
        }
        Result result = run(List.of(exe.toString()), out.resolve("emu_" + name + ".txt"), 300);
        assertEquals(0, result.exitCode(), name + ".cu on the CPU emulator:\n" + result.output());
        assertTrue(result.output().contains("OK: "), "no summary line:\n" + result.output());
    }

    /** Whether exe is newer than every emulator and kernel source (so a rerun skips g++). */
    private static boolean upToDate(Path exe) throws IOException {
        if (!Files.isRegularFile(exe)) return false;
        FileTime built = Files.getLastModifiedTime(exe);
        for (Path dir : List.of(EMU, CUDA)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator)
                    if (Files.getLastModifiedTime(f).compareTo(built) >= 0) return false;
            }
        }
        return true;
    }

    record Result(int exitCode, String output) {}

    /** Runs cmd with stdout and stderr into log; a timeout (a deadlocked kernel) fails. */
    private static Result run(List<String> cmd, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, "timed out after " + timeoutSeconds + " s (a deadlock?):\n" + read(log));
        }
        return new Result(p.exitValue(), read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
