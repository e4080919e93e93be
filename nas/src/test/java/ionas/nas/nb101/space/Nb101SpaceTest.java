package ionas.nas.nb101.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.ParameterCount;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.random.PythonRandom;
import ionas.nas.space.CellMutation;
import ionas.nas.space.CellNetwork;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.NetworkShape;
import ionas.tensor.Generator;
import org.junit.jupiter.api.Test;

/** NAS-Bench-101 behind the seam answers as the enumerated space, arch2vec's encoding and NASBench-PyTorch's network do. */
class Nb101SpaceTest {
    private static final SearchSpace ENUMERATED = SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE);
    private final Nb101Space space = new Nb101Space(ENUMERATED);

    @Test
    void cellsAndKeysAreTheEnumeratedSpacesHashesInItsOrder() {
        assertEquals(ENUMERATED.size(), space.size());
        assertEquals(ENUMERATED.hashes(), space.keys());
        for (int i = 0; i < space.size(); i++) {
            assertEquals(ENUMERATED.get(i), space.cell(i));
            assertEquals(i, space.indexOf(space.key(i)));
            assertEquals(space.key(i), space.keyOf(space.cell(i)));
        }
        assertEquals(-1, space.indexOf("not a hash"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space.byKey("00000000000000000000000000000000"));
        assertEquals("NAS-Bench-101 space (" + space.size() + " cells, at most 4 vertices): no cell has the hash '00000000000000000000000000000000'",
                e.getMessage());
    }

    @Test
    void theEncodingIsArch2vecsSevenBySeven() {
        assertEquals(7, space.encoding().layout().nodes());
        assertEquals(5, space.encoding().layout().opTypes());
        for (CellSpec cell : space.cells()) {
            EncodedGraph g = space.encoding().encode(cell);
            Arch2VecEncoding e = Arch2VecEncoding.encode(cell);
            assertArrayEquals(e.adjacencyFlat(), g.adjacency());
            assertArrayEquals(e.opsFlat(), g.ops());
        }
    }

    @Test
    void theNetworkIsNasBenchPyTorchs() {
        for (int i = 0; i < space.size(); i += 7) {
            CellSpec cell = space.cell(i);
            CellNetwork net = space.networks().network(cell, new NetworkShape(8, 2, 1), 10, new Generator(0));
            assertEquals(ParameterCount.network(cell, 8, 2, 1, 10), net.parameterCount(), cell.toString());
            assertEquals(16, net.featureChannels(), "the stem's 8 channels doubled once for the second stack");
        }
    }

    @Test
    void aChildIsNamedByItsHashOrIsNullWhenNotACell() {
        CellMutation.Children children = space.mutation().children(space.cell(0), new PythonRandom(3));
        PythonRandom rng = new PythonRandom(4);
        int named = 0, invalid = 0;
        for (int k = 0; k < 300; k++) {
            String key = children.next(rng);
            if (key == null) {
                invalid++;
                continue;
            }
            named++;
            assertEquals(32, key.length(), key);
        }
        assertEquals(300, named + invalid);
        // a rate-1 mutation of a 7-vertex padding leaves the input unconnected or over 9 edges now and then, and most draws are cells
        assertTrue(invalid > 0 && named > invalid, named + " named, " + invalid + " invalid");
        for (int i = 0; i < space.size(); i++) // rate 0 flips nothing: the padded parent prunes back to itself
            assertEquals(space.key(i), new Nb101Mutation(0).children(space.cell(i), rng).next(rng));
    }
}
