package ionas.nas.nb101;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The NAS-Bench-101 space as the commands load it: the full space from a binary cache file, or
 * enumerated (tens of seconds) and cached there when the file is missing or unreadable; smaller
 * spaces for quick runs are enumerated in well under a second and not cached.
 *
 * <p>The cache lives outside the data folder, which may be read-only shared data: by default
 * {@code $IONAS_CACHE/nb101-space.bin} when {@code IONAS_CACHE} names a folder, else
 * {@code ./runs/cache/nb101-space.bin}; smaller spaces get {@code nb101-space-vN.bin} beside it.
 */
public final class SpaceCache {
    /** The environment variable naming the folder for caches. */
    public static final String CACHE_ENV = "IONAS_CACHE";

    private SpaceCache() {}

    /** The default cache file for the space of at most {@code maxVertices} vertices (see the class comment). */
    public static Path defaultFile(int maxVertices) {
        String env = System.getenv(CACHE_ENV);
        Path dir = env != null && !env.isBlank() ? Path.of(env) : Path.of("runs", "cache");
        return dir.resolve(maxVertices == CellSpec.MAX_VERTICES ? "nb101-space.bin" : "nb101-space-v" + maxVertices + ".bin");
    }

    /**
     * The full space: read from the default cache, or enumerated (reporting to {@code progress})
     * and cached there; {@code warnings} hears why a cache file was not used.
     */
    public static SearchSpace full(SearchSpace.Progress progress, Consumer<String> warnings) throws IOException {
        return SearchSpace.loadOrEnumerate(defaultFile(CellSpec.MAX_VERTICES), CellSpec.MAX_VERTICES, false, progress, warnings).space();
    }

    /**
     * The full space as {@link #full} loads it, or for quick runs the space of cells with at most
     * {@code maxVertices} vertices, enumerated on all cores without progress or cache.
     *
     * @throws IllegalArgumentException when {@code maxVertices} is not 2..7
     */
    public static SearchSpace upTo(int maxVertices, SearchSpace.Progress progress, Consumer<String> warnings) throws IOException {
        if (maxVertices == CellSpec.MAX_VERTICES) return full(progress, warnings);
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new IllegalArgumentException("--max-vertices must be 2.." + CellSpec.MAX_VERTICES + ", got " + maxVertices);
        return SearchSpace.enumerate(maxVertices, Runtime.getRuntime().availableProcessors(), SearchSpace.Progress.NONE);
    }
}
