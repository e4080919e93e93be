package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the caches from a sysfs-style folder, as Linux describes them. */
class CacheSizesTest {

    private static void cache(Path folder, int index, int level, String type, String size) throws IOException {
        Path dir = Files.createDirectories(folder.resolve("index" + index));
        Files.writeString(dir.resolve("level"), level + "\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("size"), size + "\n");
    }

    @Test
    void readsEachLevelAndSkipsTheInstructionCache(@TempDir Path folder) throws IOException {
        cache(folder, 0, 1, "Data", "48K");
        cache(folder, 1, 1, "Instruction", "32K");
        cache(folder, 2, 2, "Unified", "2048K");
        cache(folder, 3, 3, "Unified", "105M");
        Files.writeString(folder.resolve("uevent"), "");
        CacheSizes caches = CacheSizes.read(folder);
        assertEquals(48L << 10, caches.l1Data());
        assertEquals(2L << 20, caches.l2());
        assertEquals(105L << 20, caches.l3());
        assertEquals(folder.toString(), caches.source());
    }

    @Test
    void aMissingLevelIsAssumedAndAMissingFolderAssumesAll(@TempDir Path folder) throws IOException {
        cache(folder, 0, 2, "Unified", "512K");
        CacheSizes caches = CacheSizes.read(folder);
        assertEquals(512L << 10, caches.l2());
        assertEquals(CacheSizes.ASSUMED.l1Data(), caches.l1Data());
        assertEquals(CacheSizes.ASSUMED.l3(), caches.l3());
        assertEquals(CacheSizes.ASSUMED, CacheSizes.read(folder.resolve("absent")));
    }

    @Test
    void anUnreadableSizeFallsBackToTheAssumedCaches(@TempDir Path folder) throws IOException {
        cache(folder, 0, 2, "Unified", "lots");
        assertEquals(CacheSizes.ASSUMED, CacheSizes.read(folder));
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(1L << 20, CacheSizes.parseSize("1024K"));
        assertEquals(32L << 20, CacheSizes.parseSize("32M"));
        assertEquals(1L << 30, CacheSizes.parseSize("1G"));
        assertEquals(4096, CacheSizes.parseSize("4096"));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize("12Q"));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize(""));
    }
}
