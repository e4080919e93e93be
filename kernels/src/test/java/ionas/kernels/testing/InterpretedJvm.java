package ionas.kernels.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A probe run in a JVM that never compiles ({@code -Xint}), for the tests that require the same
 * bits in every state of the JIT: the probe's {@code main} prints one {@code NAME VALUE} line per
 * digest (names without spaces), and the test compares them with the digests it computed itself
 * once its loops were compiled.
 */
public final class InterpretedJvm {
    private InterpretedJvm() {}

    /**
     * The digests {@code probe}'s main prints in an {@code -Xint} JVM with this JVM's class path and
     * vector width ({@code -Dionas.vector.bits}, so that the scalar pass compares its own path).
     */
    public static Map<String, Long> digests(Class<?> probe, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xint"));
        String bits = System.getProperty("ionas.vector.bits");
        if (bits != null) cmd.add("-Dionas.vector.bits=" + bits);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), probe.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(0, p.exitValue(), out);

        Map<String, Long> digests = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("WARNING")) continue; // the incubator module's notice
            String[] f = line.split(" ");
            digests.put(f[0], Long.parseLong(f[1]));
        }
        return digests;
    }
}
