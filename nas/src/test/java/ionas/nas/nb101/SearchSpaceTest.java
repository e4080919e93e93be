package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enumeration of the space on small vertex counts, and of the full space (10-25 s on two
 * cores; {@code -Dionas.skipSlowTests=true} skips that one).
 */
class SearchSpaceTest {
    /** Cumulative unique cells up to V vertices, from NAS-Bench-101's generate_graphs.py run unchanged (V = 2..6). */
    static final int[] COUNTS = {0, 0, 1, 7, 91, 2532, 64542};

    static SearchSpace small = SearchSpace.enumerate(5, 2, SearchSpace.Progress.NONE);

    @Test
    void countsMatchGenerateGraphs() {
        for (int v = 2; v <= 4; v++) assertEquals(COUNTS[v], SearchSpace.enumerate(v, 2, SearchSpace.Progress.NONE).size(), "V <= " + v);
        assertEquals(COUNTS[5], small.size());
        assertEquals(5, small.maxVertices());
    }

    @Test
    void firstAndLastCellsAreGenerateGraphsCanonicalOnes() {
        // generate_graphs.py keeps the first labelled graph of each hash; these two are its output for V <= 5
        assertEquals("001a6fcc8b38cbc515be788a86bdc804", small.hash(0));
        assertEquals(CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}},
                "input", "maxpool3x3", "maxpool3x3", "output"), small.get(0));
        assertEquals("fff0c9c7d8826ddd949823a245927898", small.hash(small.size() - 1));
        assertEquals(CellSpec.of(new int[][] {{0, 1, 1, 0, 0}, {0, 0, 1, 1, 1}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}},
                "input", "conv1x1-bn-relu", "conv3x3-bn-relu", "conv1x1-bn-relu", "output"), small.get(small.size() - 1));
    }

    @Test
    void sixVertexSpaceMatchesGenerateGraphs() {
        SearchSpace six = SearchSpace.enumerate(6, 2, SearchSpace.Progress.NONE);
        assertEquals(COUNTS[6], six.size());
        assertEquals("00040b38293651f17fb665401c671bbb", six.hash(0));
        assertEquals(CellSpec.of(new int[][] {{0, 1, 0, 1, 1, 0}, {0, 0, 1, 0, 0, 1}, {0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 1, 1},
                {0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0}}, "input", "conv3x3-bn-relu", "conv3x3-bn-relu", "maxpool3x3",
                "conv3x3-bn-relu", "output"), six.get(0));
        assertEquals("fffd576d745d9e2a4a8b1b40ffb29afd", six.hash(six.size() - 1));
        assertEquals(CellSpec.of(new int[][] {{0, 1, 1, 1, 0, 1}, {0, 0, 1, 0, 1, 0}, {0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 1, 0},
                {0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0}}, "input", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu",
                "maxpool3x3", "output"), six.get(six.size() - 1));
    }

    @Test
    void everyCellIsPrunedInTheSpaceAndHashesToItsKey() {
        checkConsistent(small);
    }

    static void checkConsistent(SearchSpace s) {
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (int i = 0; i < s.size(); i++) {
            CellSpec c = s.get(i);
            String h = s.hash(i);
            assertTrue(previous.compareTo(h) < 0, "ascending at " + i);
            assertTrue(seen.add(h));
            assertEquals(c, c.checkInSpace(), "already pruned: " + c);
            assertEquals(h, c.hash(), c.toString());
            assertEquals(i, s.indexOf(h));
            previous = h;
        }
    }

    @Test
    void resultDoesNotDependOnThreads() {
        SearchSpace one = SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE);
        SearchSpace three = SearchSpace.enumerate(5, 3, SearchSpace.Progress.NONE);
        assertEquals(one.hashes(), three.hashes());
        for (int i = 0; i < one.size(); i++) assertEquals(one.packed(i), three.packed(i));
    }

    @Test
    void progressIsMonotoneAndEndsAtOne() {
        List<Double> fractions = new ArrayList<>();
        SearchSpace.enumerate(4, 2, (v, f, c) -> fractions.add(f));
        for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1));
        assertEquals(1.0, fractions.getLast(), 1e-12);
    }

    @Test
    void lookupsByHash() {
        CellSpec chain = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output");
        String key = "b49ac8c578b4561d79ac7087988f1c61";
        assertTrue(small.contains(key));
        assertEquals(chain, small.byHash(key));
        assertEquals(chain, small.byHash(key.toUpperCase()));
        assertEquals(key, small.hash(small.indexOf(key)));
        assertEquals(-1, small.indexOf("00000000000000000000000000000000"));
        assertEquals(-1, small.indexOf("not a hash"));
        assertEquals(-1, small.indexOf("zz9ac8c578b4561d79ac7087988f1c61"));
        assertEquals(-1, small.indexOf(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.byHash("00000000000000000000000000000000"));
        assertTrue(e.getMessage().contains("no cell has the hash '00000000000000000000000000000000'"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> small.get(small.size()));
        assertEquals(small.size(), small.cells().size());
        assertEquals(small.get(17), small.cells().get(17));
        // the inception cell has 7 vertices: not in the small space
        assertFalse(small.contains(NetworkTest.INCEPTION.hash()));
    }

    @Test
    void cacheRoundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub").resolve("space.bin");
        small.write(file);
        assertEquals(20 + 24L * small.size() + 4, Files.size(file));
        SearchSpace back = SearchSpace.read(file);
        assertEquals(small.maxVertices(), back.maxVertices());
        assertEquals(small.hashes(), back.hashes());
        assertEquals(small.cells(), back.cells());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void damagedCachesAreReportedClearly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("space.bin");
        SearchSpace tiny = SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE);
        tiny.write(file);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 10));
        assertMessage(file, "is truncated");
        Files.write(file, java.util.Arrays.copyOf(good, 12));
        assertMessage(file, "is truncated");
        byte[] flipped = good.clone();
        flipped[100] ^= 1;
        Files.write(file, flipped);
        assertMessage(file, "checksum does not match");
        byte[] magic = good.clone();
        magic[0] = 'X';
        Files.write(file, magic);
        assertMessage(file, "not an ionas space cache");
        byte[] version = good.clone();
        version[11] = 9;
        Files.write(file, version);
        assertMessage(file, "format version 9");
        Files.delete(file);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> SearchSpace.read(file));
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> SearchSpace.read(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void loadOrEnumerateUsesAValidCacheOfTheSameSpace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("space.bin");
        List<String> warnings = new ArrayList<>();
        SearchSpace.Loaded first = SearchSpace.loadOrEnumerate(file, 4, false, SearchSpace.Progress.NONE, warnings::add);
        assertFalse(first.fromCache());
        assertTrue(Files.exists(file));
        SearchSpace.Loaded second = SearchSpace.loadOrEnumerate(file, 4, false, SearchSpace.Progress.NONE, warnings::add);
        assertTrue(second.fromCache());
        assertEquals(first.space().hashes(), second.space().hashes());
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertFalse(SearchSpace.loadOrEnumerate(file, 4, true, SearchSpace.Progress.NONE, warnings::add).fromCache());
        // another vertex limit: not this cache's space, so enumerate and replace it
        SearchSpace.Loaded three = SearchSpace.loadOrEnumerate(file, 3, false, SearchSpace.Progress.NONE, warnings::add);
        assertFalse(three.fromCache());
        assertEquals(COUNTS[3], three.space().size());
        assertEquals(1, warnings.size(), warnings.toString());
        Files.write(file, new byte[] {1, 2, 3});
        assertFalse(SearchSpace.loadOrEnumerate(file, 3, false, SearchSpace.Progress.NONE, warnings::add).fromCache());
        assertTrue(warnings.getLast().contains("not an ionas space cache"), warnings.getLast());
        assertEquals(3, SearchSpace.read(file).maxVertices());
    }

    /** The whole space, in the default run (about 10-25 s); {@code -Dionas.skipSlowTests=true} skips it. */
    @Test
    @DisabledIfSystemProperty(named = "ionas.skipSlowTests", matches = "true")
    void fullSpaceHas423624CellsAndHoldsTheBenchmarkSample(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        SearchSpace full = SearchSpace.enumerate();
        System.out.printf("full NAS-Bench-101 space: %d cells in %.1f s%n", full.size(), (System.nanoTime() - t0) / 1e9);
        assertEquals(SearchSpace.FULL_SIZE, full.size());
        Path file = dir.resolve("space.bin");
        full.write(file);
        t0 = System.nanoTime();
        SearchSpace back = SearchSpace.read(file);
        System.out.printf("cache: %d bytes, read in %.3f s%n", Files.size(file), (System.nanoTime() - t0) / 1e9);
        assertEquals(full.hashes(), back.hashes());
        // hashes unique and ascending; a sample of cells rehashed (all of them take a few seconds more)
        for (int i = 1; i < full.size(); i++) assertTrue(full.hash(i - 1).compareTo(full.hash(i)) < 0);
        for (int i = 0; i < full.size(); i += 97) assertEquals(full.hash(i), full.get(i).hash());
        assertTrue(full.contains(NetworkTest.INCEPTION.hash()));

        assumeTrue(Files.isRegularFile(GraphHashTest.NB101_1K), "no " + GraphHashTest.NB101_1K);
        List<GraphHashTest.Nb101Record> sample = GraphHashTest.Nb101Record.read(GraphHashTest.NB101_1K);
        for (int i = 0; i < sample.size(); i++) {
            GraphHashTest.Nb101Record r = sample.get(i);
            // the data holds the first hashes in sorted order, so they are the space's first cells
            assertEquals(r.key(), full.hash(i));
            assertEquals(r.spec(), full.byHash(r.key()), "the benchmark's graph is generate_graphs' canonical one");
        }
    }
}
