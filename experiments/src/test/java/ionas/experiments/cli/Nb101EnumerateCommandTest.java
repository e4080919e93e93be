package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpaceCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ionas nb101 enumerate} on small spaces (the full one takes tens of seconds). */
class Nb101EnumerateCommandTest {
    @Test
    void enumeratesThenReadsTheCache(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cache").resolve("space.bin");
        CliRun first = MainTest.run("nb101", "enumerate", "--max-vertices", "4", "--out", file.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("91 cells (at most 4 vertices), enumerated in "), first.out());
        assertTrue(first.err().contains("enumerating NAS-Bench-101 cells: V=4, 100.0% of the bitmasks, 91 cells"), first.err());
        assertEquals(91, SearchSpace.read(file).size());

        CliRun second = MainTest.run("nb101", "enumerate", "--max-vertices", "4", "--out", file.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().startsWith("91 cells (at most 4 vertices), read from "), second.out());
        assertTrue(second.err().isEmpty(), second.err());

        CliRun forced = MainTest.run("nb101", "enumerate", "--max-vertices", "4", "--out", file.toString(), "--force");
        assertTrue(forced.out().contains("enumerated in"), forced.out());
    }

    @Test
    void aDamagedCacheIsReplaced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("space.bin");
        Files.write(file, new byte[] {'N', 'B', '1', '0', '1', 'S', 'P', 'C', 0, 0});
        CliRun r = MainTest.run("nb101", "enumerate", "--max-vertices", "3", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("is truncated") && r.err().contains("enumerating and replacing it"), r.err());
        assertTrue(r.out().startsWith("7 cells"), r.out());
        assertEquals(7, SearchSpace.read(file).size());
    }

    @Test
    void badVertexLimitIsAUsageError() {
        CliRun r = MainTest.run("nb101", "enumerate", "--max-vertices", "8");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--max-vertices must be 2..7, got 8"), r.err());
    }

    @Test
    void nb101ListsEnumerate() {
        CliRun r = MainTest.run("nb101");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("enumerate"), r.err());
    }

    @Test
    void defaultCacheIsOutsideTheDataFolder() {
        Path p = SpaceCache.defaultFile(7);
        assertEquals("nb101-space.bin", p.getFileName().toString());
        assertEquals("nb101-space-v4.bin", SpaceCache.defaultFile(4).getFileName().toString());
        if (System.getenv(SpaceCache.CACHE_ENV) == null) assertEquals(Path.of("runs", "cache", "nb101-space.bin"), p);
    }
}
