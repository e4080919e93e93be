package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.UnaryOp;
import ionas.kernels.cpu.ElementwiseKernels;
import ionas.kernels.testing.InterpretedJvm;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A search gives the same bits whatever state the JIT is in. On a busy machine, which seeds ran
 * while the JIT was still compiling decided REINFORCE's traces (29 of 60 differed after a resumed
 * reproduce), because the Vector API's own tanh and log give other last bits before and after
 * compilation. Here the cells a search queries and every bit of the policy it trains, in a JVM
 * that never compiles ({@code -Xint}), must equal this JVM's once its loops are compiled.
 */
class ReinforceJitStateTest {
    @Test
    void anInterpretedJvmSearchesAndTrainsTheBitsOfACompiledOne() throws IOException, InterruptedException {
        compileTheKernels();
        Map<String, Long> compiled = ReinforceJitStateProbe.digests();

        Map<String, Long> interpreted = InterpretedJvm.digests(ReinforceJitStateProbe.class, 300);
        assertEquals(compiled, interpreted, "CRCs of the queried cells and the policy's weights: compiled (expected) vs -Xint (actual)");
    }

    /** Runs every elementwise kernel long enough for C2 to compile its loops (a short search alone may not). */
    private static void compileTheKernels() {
        float[] x = new float[1027], y = new float[x.length];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
        for (int rep = 0; rep < 3000; rep++)
            for (UnaryOp op : UnaryOp.values()) ElementwiseKernels.unary(op, x, 0, 1, y, 0, x.length);
    }
}
