package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.testing.InterpretedJvm;
import java.io.IOException;
import java.util.Map;
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

        Map<String, Long> interpreted = InterpretedJvm.digests(JitStateProbe.class, 120);
        assertEquals(compiled, interpreted, "CRC of each op's result bits: compiled (expected) vs -Xint (actual)");
    }
}
