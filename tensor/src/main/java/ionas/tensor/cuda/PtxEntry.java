package ionas.tensor.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel's signature as its PTX declares it: the byte size of each parameter and its
 * {@code .maxntid} (the {@code __launch_bounds__}), read from the text nvcc wrote. A driver that runs
 * no kernel ({@link RecordingDeviceDriver}) checks launches against it, so that a launch the real
 * driver would refuse (a kernel the module lacks, an argument too few or of the wrong size, a block
 * over the bound) is refused there too rather than counted.
 *
 * @param paramBytes the size of each parameter, in order
 * @param maxThreads the {@code .maxntid} product, or 1,024 (the hardware's limit) without one
 */
record PtxEntry(int[] paramBytes, int maxThreads) {
    /** The most threads a block may have on every GPU ionas supports. */
    static final int HARDWARE_MAX_THREADS = 1024;

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*((?:\\.\\w+[^{]*)?)\\{");
    /** {@code .param [.align N] .TYPE name[[N]]}: the type gives the size, or the array length for {@code .b8 name[N]}. */
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.([a-z]+)(\\d+)\\s+\\w+(?:\\[(\\d+)])?");
    private static final Pattern MAXNTID = Pattern.compile("\\.maxntid\\s+(\\d+)(?:\\s*,\\s*(\\d+))?(?:\\s*,\\s*(\\d+))?");

    /** Every {@code .entry} of a module's PTX text, by kernel name. */
    static Map<String, PtxEntry> parse(String ptx) {
        Map<String, PtxEntry> out = new HashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            Matcher p = PARAM.matcher(e.group(2));
            List<Integer> sizes = new ArrayList<>();
            while (p.find()) {
                int bytes = Integer.parseInt(p.group(2)) / 8;
                sizes.add(p.group(3) != null ? Integer.parseInt(p.group(3)) * bytes : bytes);
            }
            Matcher m = MAXNTID.matcher(e.group(3));
            int max = HARDWARE_MAX_THREADS;
            if (m.find()) {
                max = Integer.parseInt(m.group(1));
                if (m.group(2) != null) max *= Integer.parseInt(m.group(2));
                if (m.group(3) != null) max *= Integer.parseInt(m.group(3));
            }
            out.put(e.group(1), new PtxEntry(sizes.stream().mapToInt(Integer::intValue).toArray(), max));
        }
        return out;
    }

    /**
     * Null when {@code args} fit the parameters, else what is wrong, in the words the emulator uses.
     * Allocation-free when they fit: it runs on every recorded launch.
     */
    String mismatch(KernelArg[] args) {
        if (args.length != paramBytes.length)
            return args.length + " arguments passed, the kernel takes " + paramBytes.length;
        for (int i = 0; i < args.length; i++) {
            if (args[i].bytes().length != paramBytes[i])
                return "argument " + i + " has " + args[i].bytes().length + " bytes, the kernel's parameter " + paramBytes[i];
        }
        return null;
    }
}
