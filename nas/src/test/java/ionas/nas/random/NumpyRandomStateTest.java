package ionas.nas.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Values printed by NumPy 1.24 (Debian's python3-numpy) for the same calls. */
class NumpyRandomStateTest {
    @Test
    void rawOutputsMatchMt19937() {
        // np.random.RandomState(1).randint(0, 2**32, size=3, dtype=np.uint64) draws the raw words
        NumpyRandomState rs = new NumpyRandomState(1);
        assertEquals(1791095845L, rs.nextUnsigned32());
        assertEquals(4282876139L, rs.nextUnsigned32());
        assertEquals(3093770124L, rs.nextUnsigned32());
    }

    @Test
    void choiceIsThePapersValidationSplit() {
        // RandomState(1).choice(50000, 1000, replace=False): the 1,000 held-out CIFAR-10 images
        int[] c = new NumpyRandomState(1).choiceWithoutReplacement(50_000, 1_000);
        assertArrayEquals(new int[] {26247, 35067, 34590, 16668, 12196, 2600, 9047, 2206}, Arrays.copyOf(c, 8));
        assertEquals(33809, c[999]);
        assertEquals(24_881_500L, Arrays.stream(c).asLongStream().sum());
    }

    @Test
    void permutationMatchesNumpy() {
        assertArrayEquals(new int[] {8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, new NumpyRandomState(42).permutation(10));
        // np.random.seed(1); np.random.permutation(381261): arch2vec's training-split order
        int[] p = new NumpyRandomState(1).permutation(381_261);
        assertArrayEquals(new int[] {77720, 92811, 373556, 244122, 266426}, Arrays.copyOf(p, 5));
        assertEquals(128037, p[p.length - 1]);
    }
}
