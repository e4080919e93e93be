package ionas.nas.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link PythonRandom} against CPython 3.11. */
class PythonRandomTest {
    // /usr/bin/python3 -c "import random
    // for s in [0,1,2,7,42,500,123456789,2**40+5]:
    //     random.seed(s); print(s, [random.randint(0,423624) for _ in range(3)], random.getrandbits(32), repr(random.random()))"
    private static final long[] SEEDS = {0, 1, 2, 7, 42, 500, 123456789, (1L << 40) + 5};
    private static final long[][] RANDINT = {
        {201979, 397386, 220500}, {70445, 298426, 420617}, {29649, 48016, 44497}, {169781, 79088, 207001},
        {335243, 58369, 13112}, {418034, 242013, 276152}, {336278, 231875, 284263}, {264440, 271015, 140826}};
    private static final long[] BITS = {173879092L, 3280387012L, 1550730039L, 2795742288L, 3184935163L, 2483773423L, 3049235403L, 2850991874L};
    private static final double[] RANDOM = {0.25891675029296335, 0.06310682188770933, 0.8354988781294496, 0.04828642362681235,
        0.27502931836911926, 0.4685291145416909, 0.9931750662832721, 0.9257865475671585};

    @Test
    void matchesCPython() {
        for (int k = 0; k < SEEDS.length; k++) {
            PythonRandom r = new PythonRandom(SEEDS[k]);
            for (long expected : RANDINT[k]) assertEquals(expected, r.randint(0, 423624), "seed " + SEEDS[k]);
            assertEquals(BITS[k], r.getrandbits(32), "seed " + SEEDS[k]);
            assertEquals(RANDOM[k], r.random(), 0.0, "seed " + SEEDS[k]);
        }
    }

    @Test
    void smallRangeAndNegativeSeed() {
        // /usr/bin/python3 -c "import random; random.seed(3); print([random.randint(0,20000) for _ in range(5)])"
        PythonRandom r = new PythonRandom(3);
        long[] expected = {7797, 19419, 17833, 4273, 12122};
        for (long e : expected) assertEquals(e, r.randint(0, 20000));
        // random.seed(-3) seeds with abs(-3)
        assertEquals(7797, new PythonRandom(-3).randint(0, 20000));
    }
}
