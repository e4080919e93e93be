package ionas.tensor.cuda;

import java.util.Locale;

/** Byte counts for people: "512 B", "1.50 MiB", "79.10 GiB". */
final class ByteSizes {
    private ByteSizes() {}

    static String format(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
