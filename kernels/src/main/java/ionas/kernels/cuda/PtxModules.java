package ionas.kernels.cuda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The PTX modules the build compiled from {@code kernels/src/main/cuda/NAME.cu}, held as the
 * class-path resources {@code ionas/kernels/cuda/NAME.ptx}, with {@code modules.txt} listing the
 * names. A build without nvcc has none of them.
 */
public final class PtxModules {
    /** The resource folder, relative to the class-path root. */
    public static final String RESOURCE_DIR = "ionas/kernels/cuda/";

    private PtxModules() {}

    /** The names of the PTX modules this build holds, from modules.txt; empty without nvcc. */
    public static List<String> available() {
        try (InputStream in = stream("modules.txt")) {
            if (in == null) return List.of();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().map(String::strip).filter(s -> !s.isEmpty() && exists(s)).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_DIR + "modules.txt", e);
        }
    }

    /** Whether the module {@code name} (without .ptx) is on the class path. */
    public static boolean exists(String name) {
        return PtxModules.class.getClassLoader().getResource(RESOURCE_DIR + name + ".ptx") != null;
    }

    /** The PTX text of module {@code name} (without .ptx). */
    public static String text(String name) {
        byte[] b = read(name);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /**
     * The module's {@code .version} and {@code .target} lines, e.g. ".version 8.0, .target sm_80":
     * what a driver that refuses the module (too old for the PTX ISA) needs to be compared with.
     */
    public static String header(String name) {
        StringBuilder out = new StringBuilder();
        for (String line : text(name).split("\\R")) {
            String t = line.strip();
            if (t.startsWith(".version") || t.startsWith(".target")) out.append(out.isEmpty() ? "" : ", ").append(t);
            if (t.startsWith(".target")) break;
        }
        return out.toString();
    }

    /**
     * The PTX of module {@code name} (without .ptx), NUL-terminated as cuModuleLoadData wants it.
     *
     * @throws IllegalStateException if the resource is missing: the build had no nvcc, or there is
     *     no {@code src/main/cuda/NAME.cu}
     */
    public static byte[] load(String name) {
        byte[] b = read(name);
        return Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] read(String name) {
        try (InputStream in = stream(name + ".ptx")) {
            if (in == null) {
                throw new IllegalStateException("PTX module '" + name + "' missing: no resource " + RESOURCE_DIR
                        + name + ".ptx (this build had no nvcc, or there is no kernels/src/main/cuda/" + name
                        + ".cu); modules present: " + available());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_DIR + name + ".ptx", e);
        }
    }

    private static InputStream stream(String file) {
        return PtxModules.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file);
    }
}
