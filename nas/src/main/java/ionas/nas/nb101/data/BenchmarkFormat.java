package ionas.nas.nb101.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two kinds of NAS-Bench-101 record file ionas reads. */
public enum BenchmarkFormat {
    /** The official {@code nasbench_*.tfrecord}: three repeats per cell and budget, with test accuracies. */
    TFRECORD,
    /** Parallel-array JSON ({@code nb101-20k.json}, {@code nb101-1k.json}): one run per cell, no test accuracy. */
    JSON;

    /**
     * The format of {@code file}: by extension ({@code .tfrecord}/{@code .tfrecords}, {@code .json}),
     * else by content (a JSON file starts with '{' after white space).
     */
    public static BenchmarkFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tfrecord") || name.endsWith(".tfrecords")) return TFRECORD;
        if (name.endsWith(".json")) return JSON;
        try (InputStream in = Files.newInputStream(file)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (Character.isWhitespace(b)) continue;
                return b == '{' ? JSON : TFRECORD;
            }
        }
        throw new IllegalArgumentException(file + ": empty file, not a NAS-Bench-101 record file");
    }
}
