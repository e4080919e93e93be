package ionas.kernels.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel's signature as its PTX declares it: the byte size of each parameter and its launch
 * bound ({@code .maxntid} or {@code .reqntid}, from {@code __launch_bounds__}), read from the text
 * nvcc wrote. The one reader of PTX entries: the recording driver checks launches against it (a
 * launch the real driver would refuse, for a kernel the module lacks, arguments of the wrong
 * number or size, or a block over the bound, is refused there too rather than counted), the
 * resource tests read the bounds, and the GPU's kernel check lists the kernels.
 *
 * @param name the kernel's name
 * @param paramBytes the size of each parameter, in order
 * @param launchBound the product of the bound's dimensions, or null where the kernel declares none
 */
public record PtxEntry(String name, int[] paramBytes, Integer launchBound) {
    /** The most threads a block may have on every GPU ionas supports. */
    public static final int HARDWARE_MAX_THREADS = 1024;

    /** An entry's header, from .entry to its body's brace; the directives between ) and { hold the bound. */
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)([^{]*)\\{");
    /** {@code .param [.align N] .TYPE name[[N]]}: the type gives the size, or the array length for {@code .b8 name[N]}. */
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.([a-z]+)(\\d+)\\s+\\w+(?:\\[(\\d+)])?");
    /** .maxntid x[, y[, z]] (__launch_bounds__), or .reqntid (an exact block), in threads. */
    private static final Pattern BOUND = Pattern.compile("\\.(?:maxntid|reqntid)\\s+(\\d+)(?:\\s*,\\s*(\\d+))?(?:\\s*,\\s*(\\d+))?");

    /** The most threads a block of this kernel may have: its bound, else the hardware's. */
    public int maxThreads() {
        return launchBound != null ? launchBound : HARDWARE_MAX_THREADS;
    }

    /** Every {@code .entry} of a module's PTX text, by kernel name, in the order the module defines them. */
    public static Map<String, PtxEntry> parse(String ptx) {
        Map<String, PtxEntry> out = new LinkedHashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            Matcher p = PARAM.matcher(e.group(2));
            List<Integer> sizes = new ArrayList<>();
            while (p.find()) {
                int bytes = Integer.parseInt(p.group(2)) / 8;
                sizes.add(p.group(3) != null ? Integer.parseInt(p.group(3)) * bytes : bytes);
            }
            Matcher b = BOUND.matcher(e.group(3));
            Integer bound = null;
            if (b.find()) {
                bound = 1;
                for (int g = 1; g <= 3; g++) if (b.group(g) != null) bound *= Integer.parseInt(b.group(g));
            }
            out.put(e.group(1), new PtxEntry(e.group(1), sizes.stream().mapToInt(Integer::intValue).toArray(), bound));
        }
        return out;
    }
}
