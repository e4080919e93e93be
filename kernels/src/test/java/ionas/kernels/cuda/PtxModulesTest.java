package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PtxModulesTest {
    @Test
    void elementwisePtxHasTheThreeEntryPoints() {
        assumeTrue(PtxModules.exists("elementwise"),
                "no PTX resource ionas/kernels/cuda/elementwise.ptx: this build had no nvcc");
        String ptx = PtxModules.text("elementwise");
        for (String entry : new String[] {"fill_f32", "unary_f32", "add_f32", "binary_f32", "unary_strided_f32",
                "binary_strided_f32", "where_strided_f32", "copy_strided_f32", "fill_strided_f32"}) {
            assertTrue(ptx.contains(".entry " + entry + "("), "PTX lacks .entry " + entry);
        }
        assertTrue(ptx.contains(".target sm_80"), "PTX not built for compute_80");
        assertTrue(PtxModules.header("elementwise").matches("\\.version \\d+\\.\\d+, \\.target sm_80"), PtxModules.header("elementwise"));
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

    /** Every kernel file and the entry points it must export. */
    private static final Map<String, String[]> ENTRIES = Map.of(
            "reduce", new String[] {"reduce_rows_f32", "reduce_cols_f32", "argmax_rows_f32"},
            "softmax", new String[] {"softmax_warp_f32", "softmax_block_f32"},
            "norm", new String[] {"bn_stats_f32", "bn_stats_params_f32", "bn_params_f32", "bn_affine_f32", "bn_backward_f32",
                    "bn_update_running_f32"},
            "pool", new String[] {"maxpool2d_fwd_f32", "maxpool2d_bwd_f32", "avgpool2d_fwd_f32", "avgpool2d_bwd_f32"},
            "random", new String[] {"uniform_f32", "normal_f32", "dropout_f32"},
            "optim", new String[] {"sgd_f32", "adam_f32", "mt_table_build", "sgd_multi_f32", "adam_multi_f32", "grad_sumsq_multi_f32",
                    "clip_scale_multi_f32"});

    @Test
    void everyKernelFileHasItsEntryPoints() throws IOException {
        for (var e : ENTRIES.entrySet()) {
            String name = e.getKey();
            assertTrue(Files.exists(Path.of("src/main/cuda/" + name + ".cu")), name + ".cu missing");
            if (!PtxModules.exists(name)) {
                assumeTrue(false, "no PTX resource ionas/kernels/cuda/" + name + ".ptx: this build had no nvcc");
            }
            String ptx = PtxModules.text(name);
            for (String entry : e.getValue()) assertTrue(ptx.contains(".entry " + entry + "("), name + ".ptx lacks .entry " + entry);
            assertTrue(ptx.contains(".target sm_80"), name + ".ptx not built for compute_80");
            assertTrue(PtxModules.available().contains(name), "modules.txt lacks " + name);
        }
    }


    /** The op codes of unary_f32 (#define UNARY_X n in elementwise.cu) are all the UnaryOp ordinals. */
    @Test
    void unaryOpCodesMatchUnaryOpOrdinals() throws IOException {
        checkCodes("elementwise.cu", "UNARY", UnaryOp.class);
    }

    /** The op codes of binary_f32 (#define BINARY_X n in elementwise.cu) are all the BinaryOp ordinals. */
    @Test
    void binaryOpCodesMatchBinaryOpOrdinals() throws IOException {
        checkCodes("elementwise.cu", "BINARY", BinaryOp.class);
    }

    /** The op codes of reduce.cu (#define REDUCE_X n) are all the ReduceOp ordinals. */
    @Test
    void reduceOpCodesMatchReduceOpOrdinals() throws IOException {
        checkCodes("reduce.cu", "REDUCE", ReduceOp.class);
    }

    /** Each #define PREFIX_NAME n in the file names a constant of the enum with ordinal n, and every constant has one. */
    private static <E extends Enum<E>> void checkCodes(String file, String prefix, Class<E> type) throws IOException {
        String cu = Files.readString(Path.of("src/main/cuda/" + file));
        Matcher m = Pattern.compile("#define " + prefix + "_([A-Z_]+) (\\d+)").matcher(cu);
        boolean[] seen = new boolean[type.getEnumConstants().length];
        while (m.find()) {
            E op = Enum.valueOf(type, m.group(1));
            assertEquals(op.ordinal(), Integer.parseInt(m.group(2)), file + ": " + m.group());
            assertFalse(seen[op.ordinal()], file + ": " + op + " defined twice");
            seen[op.ordinal()] = true;
        }
        for (E op : type.getEnumConstants()) assertTrue(seen[op.ordinal()], file + " lacks #define " + prefix + "_" + op.name());
    }
}
