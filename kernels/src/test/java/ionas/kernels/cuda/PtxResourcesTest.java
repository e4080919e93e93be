package ionas.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kernel's launch resources as {@code ptxas -v} reports them for sm_80 (A100) and sm_90
 * (H100), the code the driver JIT-compiles our compute_80 PTX into. No GPU needed, only ptxas on
 * PATH (skipped otherwise). It catches, before any hardware does:
 * <ul>
 *   <li>registers x threads over the 64K register file: {@code CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES}
 *       at launch. A kernel's block limit is its {@code __launch_bounds__}, which nvcc writes into
 *       the PTX as {@code .maxntid} (the single source of the block sizes: the test duplicates
 *       none); without one any block up to 1,024 threads may come, so it must fit in 64 registers;
 *   <li>static shared memory over 48 KiB, which needs a {@code cuFuncSetAttribute} opt-in;
 *   <li>register spills (local-memory traffic in the inner loops), except the allowed ones below.
 * </ul>
 * Each run writes its table to {@code target/ptxas/ARCH.md} (the one in docs/cuda.md).
 */
class PtxResourcesTest {
    /** 32-bit registers per SM and per block on sm_80 and sm_90. */
    private static final int REGISTER_FILE = 65_536;
    /** Registers go to warps in units of 256 (32 lanes x 8): what the occupancy calculator uses. */
    private static final int WARP_REGISTER_UNIT = 256;
    /** The largest block any GPU takes: the limit of a kernel without launch bounds. */
    private static final int MAX_BLOCK = 1024;
    /** Static shared memory a block may use without the opt-in. */
    private static final int STATIC_SMEM = 48 * 1024;
    /**
     * Kernels allowed to spill, with the most spill-store bytes allowed (any arch). The FP32 conv
     * passes declare {@code __launch_bounds__(256, 2)} (two 256-thread blocks per SM, as
     * gemm_tiles.cuh intends), which holds ptxas (13.0) to 128 registers; their operand maps keep
     * the multiply-shift constants of conv.cu's FastDiv in registers (no longer rematerialisable
     * from the kernel parameters, as the plain divisors were), and ptxas spills a few 4-byte
     * values to make room: conv2d_forward_f32 16 bytes on sm_80 and 12 on sm_90,
     * conv2d_backward_input_f32 24 on sm_80. The alternative, one block per SM or four hardware
     * divisions per element, is expected (not measured) to cost more than these few local accesses.
     */
    private static final Map<String, Integer> ALLOWED_SPILL_BYTES = Map.of("conv2d_forward_f32", 16, "conv2d_backward_input_f32", 24);

    /** What ptxas -v says about one entry. */
    record Resources(int registers, int sharedBytes, int spillStores, int spillLoads) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sm_80", "sm_90"})
    void everyKernelFitsItsLaunch(String arch, @TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Toolchain.runs("ptxas"), "ptxas is not on PATH (or does not run): the PTX resource checks need the CUDA toolkit's ptxas");
        List<String> modules = PtxModules.available();
        assumeFalse(modules.isEmpty(), "no PTX resources: this build had no nvcc");

        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("| kernel | module | registers | static smem (B) | spill stores/loads (B) | launch bound |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        for (String module : modules) {
            String ptx = PtxModules.text(module);
            Map<String, Integer> bounds = launchBounds(ptx);
            Map<String, Resources> resources = ptxas(arch, module, ptx, dir, problems);
            if (resources == null) continue;
            assertEquals(bounds.keySet(), resources.keySet(), module + ".ptx: the entries ptxas -v reported (is its output format new?)");
            for (var e : resources.entrySet()) {
                String kernel = e.getKey(), where = kernel + " (" + module + ".cu, " + arch + ")";
                Resources r = e.getValue();
                Integer bound = bounds.get(kernel);
                int threads = bound != null ? bound : MAX_BLOCK;
                long perBlock = (long) ((threads + 31) / 32) * roundUp(r.registers() * 32, WARP_REGISTER_UNIT);
                if (perBlock > REGISTER_FILE) {
                    problems.add(where + ": " + r.registers() + " registers x " + threads + " threads"
                            + (bound != null ? " (its __launch_bounds__)" : " (no __launch_bounds__, so any block up to 1024)")
                            + " need " + perBlock + " > " + REGISTER_FILE + " registers: a full block fails with"
                            + " CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES; declare __launch_bounds__(its block size)");
                }
                if (r.sharedBytes() > STATIC_SMEM) {
                    problems.add(where + ": " + r.sharedBytes() + " bytes of static shared memory > " + STATIC_SMEM
                            + ": needs dynamic shared memory and the cuFuncSetAttribute opt-in");
                }
                int allowed = ALLOWED_SPILL_BYTES.getOrDefault(kernel, 0);
                if (r.spillStores() > allowed) {
                    problems.add(where + ": spills (" + r.spillStores() + " bytes stored, " + r.spillLoads() + " loaded; allowed "
                            + allowed + ")");
                }
                table.append("| `").append(kernel).append("` | ").append(module).append(" | ").append(r.registers())
                        .append(" | ").append(r.sharedBytes()).append(" | ").append(r.spillStores()).append(" / ")
                        .append(r.spillLoads()).append(" | ").append(bound != null ? bound : "-").append(" |\n");
            }
        }
        Path out = Path.of("target", "ptxas");
        Files.createDirectories(out);
        Files.writeString(out.resolve(arch + ".md"), table);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * ptxas -v's report per entry of the module, or null (its errors added to {@code problems}) when
     * ptxas refuses it. The lines read, per entry (other functions get properties too, no "Used"):
     * <pre>
     * ptxas info    : Compiling entry function 'bn_stats_f32' for 'sm_90'
     * ptxas info    : Function properties for bn_stats_f32
     *     0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
     * ptxas info    : Used 32 registers, used 1 barriers, 256 bytes smem
     * </pre>
     */
    private static Map<String, Resources> ptxas(String arch, String module, String ptx, Path dir, List<String> problems)
            throws IOException, InterruptedException {
        Path in = dir.resolve(module + ".ptx"), cubin = dir.resolve(module + "." + arch + ".cubin");
        Files.writeString(in, ptx, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder("ptxas", "-arch=" + arch, "-v", in.toString(), "-o", cubin.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ptxas " + module + ".ptx did not finish");
        if (p.exitValue() != 0) { // e.g. "uses too much shared data (0xdac0 bytes, 0xc000 max)"
            problems.add("ptxas -arch=" + arch + " " + module + ".ptx failed: "
                    + String.join("; ", out.lines().filter(l -> l.contains("error")).toList()));
            return null;
        }

        Map<String, Resources> result = new TreeMap<>();
        String entry = null, properties = null;
        int stores = 0, loads = 0;
        for (String line : out.split("\\R")) {
            Matcher m;
            if ((m = COMPILING.matcher(line)).find()) {
                entry = m.group(1);
                stores = loads = 0;
            } else if ((m = PROPERTIES.matcher(line)).find()) {
                properties = m.group(1);
            } else if ((m = SPILLS.matcher(line)).find()) {
                if (entry != null && entry.equals(properties)) {
                    stores = Integer.parseInt(m.group(1));
                    loads = Integer.parseInt(m.group(2));
                }
            } else if ((m = USED.matcher(line)).find() && entry != null) {
                Matcher smem = SMEM.matcher(line);
                result.put(entry, new Resources(Integer.parseInt(m.group(1)), smem.find() ? Integer.parseInt(smem.group(1)) : 0,
                        stores, loads));
                entry = null;
            }
        }
        return result;
    }

    private static final Pattern COMPILING = Pattern.compile("Compiling entry function '(\\w+)'");
    private static final Pattern PROPERTIES = Pattern.compile("Function properties for (\\w+)");
    private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
    private static final Pattern USED = Pattern.compile("Used (\\d+) registers");
    private static final Pattern SMEM = Pattern.compile("(\\d+) bytes smem");

    /** Every entry of the PTX, with its most threads per block, or null without a bound. */
    static Map<String, Integer> launchBounds(String ptx) {
        Map<String, Integer> bounds = new TreeMap<>();
        PtxEntry.parse(ptx).forEach((name, entry) -> bounds.put(name, entry.launchBound()));
        return bounds;
    }

    /**
     * ptx.sh pins every module to PTX ISA 8.0 (CUDA 12.0), so that drivers older than nvcc's own
     * release load it; ptxas, run on the file just above, is what vouches that 8.0 suffices.
     */
    @Test
    void everyModuleDeclaresPtxIsa80() {
        assumeTrue(Toolchain.runs("ptxas"), "ptxas is not on PATH: ptx.sh keeps nvcc's PTX version without it");
        List<String> modules = PtxModules.available();
        assumeFalse(modules.isEmpty(), "no PTX resources: this build had no nvcc");
        for (String module : modules)
            assertTrue(PtxModules.text(module).contains("\n.version 8.0\n"), module + ".ptx does not declare .version 8.0 (see ptx.sh)");
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
