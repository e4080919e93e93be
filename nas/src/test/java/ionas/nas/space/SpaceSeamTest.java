package ionas.nas.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.pretrain.PaperSelection;
import ionas.nas.random.PythonRandom;
import ionas.nas.search.RandomSearch;
import ionas.nas.search.RegularizedEvolution;
import ionas.nas.search.SearchTable;
import ionas.nas.search.SpaceMutation;
import ionas.nas.search.Trace;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The search-space seam carries a space that is not NAS-Bench-101 ({@link ToySpace}: 5 nodes, 6 op
 * types, 20 cells) through the encoders' dataset, the search table, random search, regularized
 * evolution and the selection of networks to pretrain.
 */
class SpaceSeamTest {
    private final ToySpace space = new ToySpace();

    @Test
    void aCellIsNamedByItsCanonicalKey() {
        assertEquals(20, space.size()); // multisets of 3 of 4 ops: C(6, 3)
        Set<String> keys = new HashSet<>(space.keys());
        assertEquals(20, keys.size());
        for (int i = 0; i < space.size(); i++) {
            assertEquals(i, space.indexOf(space.key(i)));
            assertEquals(space.key(i), space.keyOf(space.cell(i)));
        }
        assertEquals("0-1-3", space.keyOf(new ToySpace.Cell(List.of(3, 0, 1))), "isomorphic cells share the key");
        assertEquals(space.cell(space.indexOf("1-2-2")), space.byKey("1-2-2"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> space.byKey("9-9"));
        assertEquals("toy space (20 cells): no cell has the key '9-9'", e.getMessage());
    }

    @Test
    void theEncodersDatasetTakesTheSpacesLayout() {
        Arch2VecDataset data = Arch2VecDataset.of(space);
        assertEquals(ToySpace.LAYOUT, data.layout());
        assertEquals(20, data.size());
        int cell = space.indexOf("0-1-3");
        assertArrayEquals(space.encoding().encode(space.cell(cell)).adjacency(), data.adjacency(cell));
        float[] ops = data.ops(cell);
        assertEquals(5 * 6, ops.length);
        // node 0 input (type 0), branches 1..3 of op types 1 + {0, 1, 3}, node 4 output (type 5)
        assertEquals(List.of(0, 1, 2, 4, 5), argmaxRows(ops, 6));
        NDArray[] batch = data.batch(new int[] {cell, 0}, 0, 2);
        assertArrayEquals(new int[] {2, 5, 6}, batch[0].shape());
        assertArrayEquals(new int[] {2, 5, 5}, batch[1].shape());
        assertArrayEquals(ops, Arrays.copyOf(batch[0].toFloatArray(), 30));
    }

    private static List<Integer> argmaxRows(float[] rows, int width) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < rows.length / width; r++) {
            int best = 0;
            for (int k = 1; k < width; k++) if (rows[r * width + k] > rows[r * width + best]) best = k;
            out.add(best);
        }
        return out;
    }

    @Test
    void aTableOfTheWholeSpaceMeasuresRegretsFromThePublishedOptimum() {
        SpaceOptimum published = new SpaceOptimum(20, 0.9, 0.8);
        SearchTable whole = SearchTable.of(embeddings(space.keys()), space.benchmark(published));
        assertEquals(SearchTable.RegretReference.FULL_SPACE_CONSTANTS, whole.regretReference());
        assertEquals(0.9, whole.bestValid());
        assertEquals(0.8, whole.bestTest());
        assertEquals(0.5 + 5 / 200.0, whole.validAccuracy(space.indexOf("0-1-1"))); // 16 * 0 + 4 * 1 + 1
        SearchTable part = SearchTable.of(embeddings(space.keys().subList(0, 10)), space.benchmark(published));
        assertEquals(SearchTable.RegretReference.TABLE_MAXIMA, part.regretReference());
        assertEquals(10, part.size());
        double best = 0;
        for (int i = 0; i < 10; i++) best = Math.max(best, part.validAccuracy(i));
        assertEquals(best, part.bestValid());
    }

    /** One coordinate per cell: its index. */
    private static Arch2VecEmbeddings embeddings(List<String> keys) {
        float[] e = new float[keys.size()];
        for (int i = 0; i < e.length; i++) e[i] = i;
        return new Arch2VecEmbeddings(List.copyOf(keys), e, 1);
    }

    @Test
    void mutationChangesOneBranchAndStaysInTheTable() {
        SearchTable table = SearchTable.of(embeddings(space.keys()), space.benchmark(null));
        SpaceMutation<ToySpace.Cell> m = SpaceMutation.of(table, space);
        PythonRandom rng = new PythonRandom(7);
        Set<Integer> children = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            int parent = m.randomCell(rng), child = m.mutate(parent, rng);
            assertNotEquals(parent, child);
            assertEquals(1, branchesChanged(space.cell(parent).ops(), space.cell(child).ops()), space.key(parent) + " -> " + space.key(child));
            children.add(child);
        }
        assertEquals(20, children.size(), "every cell is some cell's child");
    }

    /** How many branches must change to turn one multiset of ops into the other. */
    private static int branchesChanged(List<Integer> a, List<Integer> b) {
        List<Integer> rest = new ArrayList<>(b);
        int same = 0;
        for (Integer op : a) if (rest.remove(op)) same++;
        return a.size() - same;
    }

    @Test
    void randomSearchAndEvolutionFindTheBestCell() {
        SearchTable table = SearchTable.of(embeddings(space.keys()), space.benchmark(null));
        int best = space.indexOf("3-3-3");
        Trace random = new RandomSearch(200).run(table, 3);
        assertEquals(20, random.length(), "a budget of every cell's time visits all 20 once");
        assertEquals(20, Arrays.stream(random.cells()).distinct().count());
        assertEquals(0.0, random.regretValid()[19]);
        Trace evolution = new RegularizedEvolution(SpaceMutation.of(table, space), 4, 2, 300).run(table, 1);
        assertEquals(30, evolution.length());
        assertTrue(Arrays.stream(evolution.cells()).anyMatch(c -> c == best), "evolution reaches 3-3-3");
        assertEquals(0.0, evolution.regretValid()[29]);
    }

    @Test
    void theSpaceChoosesTheNetworksAndTheCellsToPretrain() {
        CellNetwork a = space.networks().network(space.byKey("0-0-0"), new NetworkShape(4, 1, 1), 10, new Generator(0));
        CellNetwork b = space.networks().network(space.byKey("3-3-3"), new NetworkShape(4, 1, 1), 10, new Generator(0));
        assertEquals((3 * 4 + 4) + (4 * 10 + 10), a.parameterCount());
        assertEquals((3 * 13 + 13) + (13 * 10 + 10), b.parameterCount());
        Tensor images = Tensor.of(NDArray.randn(new Generator(5), 2, 3, 8, 8));
        assertEquals(13, b.featureChannels());
        assertArrayEquals(new int[] {2, 13}, b.features(images).shape());
        assertArrayEquals(new int[] {2, 10}, b.forward(images).shape());
        PaperSelection s = PaperSelection.of(space, 5, 2, 1);
        assertEquals(5, s.trainHashes().size());
        assertEquals(2, s.validationHashes().size());
        for (String k : s.trainHashes()) assertTrue(space.indexOf(k) < 18, k + " is in the first 90% (18 cells)");
        for (String k : s.validationHashes()) assertTrue(space.indexOf(k) >= 18, k + " is held out");
    }
}
