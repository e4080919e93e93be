package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every elementwise kernel gives the same bits in every state of the JIT. The Vector API's own
 * transcendental functions did not (they are {@code Math}'s before the JIT compiles a loop and a
 * vector library's after), so REINFORCE's traces depended on which seeds ran while the JIT was
 * still compiling. Here a JVM that never compiles ({@code -Xint}) must print the same result bits
 * as this one after its loops have been compiled.
 */
class ElementwiseJitStateTest {
    @Test
    void anInterpretedJvmGivesTheBitsOfACompiledOne() throws IOException, InterruptedException {
        Map<String, Long> compiled = null;
        for (int i = 0; i < 3000; i++) compiled = JitStateProbe.digests(); // long enough for C2 to compile the loops

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xint"));
        String bits = System.getProperty("ionas.vector.bits");
        if (bits != null) cmd.add("-Dionas.vector.bits=" + bits); // the scalar pass compares its own path
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitStateProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(0, p.exitValue(), out);

        Map<String, Long> interpreted = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("WARNING")) continue; // the incubator module's notice
            String[] f = line.split(" ");
            interpreted.put(f[0], Long.parseLong(f[1]));
        }
        assertEquals(compiled, interpreted, "CRC of each op's result bits: compiled (expected) vs -Xint (actual)");
    }
}
