package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PtxModulesTest {
    @Test
    void elementwisePtxHasTheThreeEntryPoints() {
        assumeTrue(PtxModules.exists("elementwise"),
                "no PTX resource ionas/kernels/cuda/elementwise.ptx: this build had no nvcc");
        String ptx = PtxModules.text("elementwise");
        for (String entry : new String[] {"fill_f32", "unary_f32", "add_f32"}) {
            assertTrue(ptx.contains(".entry " + entry + "("), "PTX lacks .entry " + entry);
        }
        assertTrue(ptx.contains(".target sm_80"), "PTX not built for compute_80");
        assertTrue(PtxModules.available().contains("elementwise"), "modules.txt lacks elementwise");
        byte[] loaded = PtxModules.load("elementwise");
        assertEquals(0, loaded[loaded.length - 1], "PTX for cuModuleLoadData must be NUL-terminated");
    }

    @Test
    void missingModuleIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PtxModules.load("no_such_module"));
        assertTrue(e.getMessage().contains("no_such_module") && e.getMessage().contains("nvcc"), e.getMessage());
        assertFalse(PtxModules.exists("no_such_module"));
    }

    /** The op codes of unary_f32 (#define UNARY_X n in elementwise.cu) are UnaryOp ordinals. */
    @Test
    void unaryOpCodesMatchUnaryOpOrdinals() throws IOException {
        String cu = Files.readString(Path.of("src/main/cuda/elementwise.cu"));
        Matcher m = Pattern.compile("#define UNARY_([A-Z_]+) (\\d+)").matcher(cu);
        int n = 0;
        while (m.find()) {
            assertEquals(UnaryOp.valueOf(m.group(1)).ordinal(), Integer.parseInt(m.group(2)), m.group());
            n++;
        }
        assertEquals(3, n, "expected the NEG, EXP and RELU op codes in elementwise.cu");
    }
}
