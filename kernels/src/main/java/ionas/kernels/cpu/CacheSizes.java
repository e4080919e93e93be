package ionas.kernels.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The data caches of one core, in bytes, as the operating system reports them: what the GEMM's
 * blocking is sized from ({@link GemmBlocking}), so that the same code fits an AMD EPYC (1 MiB of
 * L2 per core) and an Intel Xeon (2 MiB) without constants tuned for one of them.
 *
 * @param l1Data the level-1 data cache
 * @param l2     the level-2 cache
 * @param l3     the level-3 cache (shared by several cores)
 * @param source where the sizes come from: the sysfs folder read, or "assumed" when none could be
 */
public record CacheSizes(long l1Data, long l2, long l3, String source) {

    /** Linux's description of the first core's caches, one {@code index<i>} folder per cache. */
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** What a current server core has, for systems that do not say (not Linux, or a container hiding sysfs). */
    static final CacheSizes ASSUMED = new CacheSizes(32L << 10, 1L << 20, 32L << 20, "assumed");

    public CacheSizes {
        if (l1Data <= 0 || l2 <= 0 || l3 <= 0)
            throw new IllegalArgumentException("cache sizes must be positive: L1d " + l1Data + ", L2 " + l2 + ", L3 " + l3);
    }

    /** This machine's caches, read once. */
    public static final CacheSizes DETECTED = read(SYSFS);

    /**
     * The caches described under a sysfs-style folder ({@code index*&#47;level}, {@code type},
     * {@code size} such as {@code 1024K}); the {@link #ASSUMED} size for each level it lacks, and
     * for all of them when the folder is missing or unreadable.
     */
    static CacheSizes read(Path folder) {
        long l1 = 0, l2 = 0, l3 = 0;
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path index : entries.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                String type = Files.readString(index.resolve("type")).strip();
                if (type.equals("Instruction")) continue;
                long size = parseSize(Files.readString(index.resolve("size")).strip());
                switch (Files.readString(index.resolve("level")).strip()) {
                    case "1" -> l1 = size;
                    case "2" -> l2 = size;
                    case "3" -> l3 = size;
                    default -> { }
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return ASSUMED;
        }
        if (l1 == 0 && l2 == 0 && l3 == 0) return ASSUMED;
        return new CacheSizes(l1 > 0 ? l1 : ASSUMED.l1Data, l2 > 0 ? l2 : ASSUMED.l2, l3 > 0 ? l3 : ASSUMED.l3, folder.toString());
    }

    /** A sysfs size: a number of bytes with an optional K, M or G suffix (binary units). */
    static long parseSize(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("empty cache size");
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        try {
            return Long.parseLong(digits) << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cache size: '" + text + "'", e);
        }
    }

    /** For logs: "L1d 32 KiB, L2 1024 KiB, L3 32 MiB (from /sys/...)". */
    public String describe() {
        return String.format(Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 %d MiB (%s)",
                l1Data >> 10, l2 >> 10, l3 >> 20, source.equals(ASSUMED.source) ? "assumed: the system did not say" : "from " + source);
    }
}
