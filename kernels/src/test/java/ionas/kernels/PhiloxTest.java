package ionas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {
    /** Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors). */
    @Test
    void matchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                Philox.block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                Philox.block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void uniformIsInUnitIntervalWithMeanOneHalf() {
        int n = 100_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float u = Philox.uniform(42, i);
            assertTrue(u >= 0 && u < 1, "uniform out of [0,1): " + u);
            sum += u;
        }
        assertEquals(0.5, sum / n, 0.005);
    }

    @Test
    void normalHasUnitMoments() {
        int n = 100_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double z = Philox.normal(7, i);
            assertTrue(Double.isFinite(z));
            sum += z;
            sq += z * z;
        }
        assertEquals(0, sum / n, 0.02);
        assertEquals(1, sq / n, 0.02);
    }

    @Test
    void seedsGiveDifferentStreams() {
        int same = 0;
        for (int i = 0; i < 1000; i++) if (Philox.bits(1, i) == Philox.bits(2, i)) same++;
        assertTrue(same < 3, "streams of seeds 1 and 2 agree in " + same + " places");
    }
}
