package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The gemm and conv PTX modules (no GPU needed; skipped when the build had no nvcc). */
class GemmConvPtxTest {
    @Test
    void gemmPtxHasBothKernelsAndTensorCoreMma() {
        String ptx = ptx("gemm");
        for (String entry : new String[] {"sgemm_f32", "sgemm_tf32"}) assertEntry(ptx, entry);
        String tf32 = body(ptx, "sgemm_tf32");
        assertTrue(tf32.contains("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32"), "sgemm_tf32 has no tf32 mma");
        assertTrue(tf32.contains("cvt.rna.tf32.f32"), "sgemm_tf32 does not round its operands to tf32");
        assertTrue(!body(ptx, "sgemm_f32").contains("mma"), "sgemm_f32 must not use tensor cores");
    }

    @Test
    void convPtxHasEveryPass() {
        String ptx = ptx("conv");
        for (String pass : new String[] {"conv2d_forward", "conv2d_backward_input", "conv2d_backward_weight"}) {
            assertEntry(ptx, pass + "_f32");
            assertEntry(ptx, pass + "_tf32");
            assertTrue(body(ptx, pass + "_tf32").contains("mma.sync.aligned.m16n8k8"), pass + "_tf32 has no mma");
            assertTrue(!body(ptx, pass + "_f32").contains("mma"), pass + "_f32 must not use tensor cores");
        }
        assertEntry(ptx, "conv2d_splitk_reduce_f32");
        // deterministic by construction: no atomics anywhere in the module
        assertTrue(!java.util.regex.Pattern.compile("(?m)^\\s*(@!?%?\\w+\\s+)?(atom|red)\\.").matcher(ptx).find(), "conv.ptx uses atomics");
    }

    private static String ptx(String name) {
        assumeTrue(PtxModules.exists(name), "no PTX resource ionas/kernels/cuda/" + name + ".ptx: this build had no nvcc");
        String ptx = PtxModules.text(name);
        assertTrue(ptx.contains(".target sm_80"), name + ".ptx not built for compute_80");
        assertTrue(PtxModules.available().contains(name), "modules.txt lacks " + name);
        return ptx;
    }

    private static void assertEntry(String ptx, String entry) {
        assertTrue(ptx.contains(".entry " + entry + "("), "PTX lacks .entry " + entry);
    }

    /** The text of one kernel: from its .entry to the next .entry (or the end). */
    private static String body(String ptx, String entry) {
        int from = ptx.indexOf(".entry " + entry + "(");
        assertTrue(from >= 0, "PTX lacks .entry " + entry);
        int to = ptx.indexOf(".entry ", from + 1);
        return ptx.substring(from, to < 0 ? ptx.length() : to);
    }
}
