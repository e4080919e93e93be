package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nb201CellTest {
    static final String BEST_CIFAR10 = "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";

    @Test
    void parsesTheBenchmarksStringEdgeByEdgeInStringOrder() {
        Nb201Cell c = Nb201Cell.parse(BEST_CIFAR10);
        assertEquals(List.of(Nb201Op.NOR_CONV_3X3, Nb201Op.NOR_CONV_1X1, Nb201Op.NOR_CONV_3X3, Nb201Op.SKIP_CONNECT,
                Nb201Op.NOR_CONV_1X1, Nb201Op.NOR_CONV_3X3), c.edges());
        assertEquals(BEST_CIFAR10, c.toString());
    }

    @Test
    void edgeEndpointsFollowTheString() {
        int[][] expected = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}};
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            assertEquals(expected[e][0], Nb201Cell.from(e), "from of edge " + e);
            assertEquals(expected[e][1], Nb201Cell.to(e), "to of edge " + e);
        }
    }

    @Test
    void everyOrdinalIsADistinctCellThatRoundTripsThroughItsString() {
        assertEquals(15_625, Nb201Cell.SPACE_SIZE);
        Set<String> strings = new HashSet<>();
        for (int n = 0; n < Nb201Cell.SPACE_SIZE; n++) {
            Nb201Cell c = Nb201Cell.ofOrdinal(n);
            assertEquals(n, c.ordinal());
            assertEquals(c, Nb201Cell.parse(c.toString()));
            strings.add(c.toString());
        }
        assertEquals(Nb201Cell.SPACE_SIZE, strings.size());
        assertEquals("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", Nb201Cell.ofOrdinal(0).toString());
        assertEquals("|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|", Nb201Cell.ofOrdinal(1).toString());
    }

    @Test
    void refusesStringsThatAreNotCanonicalWithTheReason() {
        assertTrue(message("|none~0|+|none~0|none~1|").contains("2 node groups"));
        assertTrue(message("|none~0|+|none~0|none~1|+|none~0|none~1|none~3|").contains("not op~2"));
        assertTrue(message("|none~0|+|none~0|+|none~0|none~1|none~2|").contains("node 2 has 1 inputs"));
        assertTrue(message("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|").contains("unknown NAS-Bench-201 op 'conv'"));
        assertTrue(message("none~0+|none~0|none~1|+|none~0|none~1|none~2|").contains("is not |op~i|"));
        assertThrows(IllegalArgumentException.class, () -> Nb201Cell.ofOrdinal(Nb201Cell.SPACE_SIZE));
    }

    private static String message(String arch) {
        return assertThrows(IllegalArgumentException.class, () -> Nb201Cell.parse(arch)).getMessage();
    }
}
