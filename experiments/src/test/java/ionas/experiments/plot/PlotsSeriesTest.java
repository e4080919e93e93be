package ionas.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlotsSeriesTest {

    @Test
    void yOfTheWrongLengthIsRejectedNamingTheSeries() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Series.of("arch2vec", new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("arch2vec"), e.getMessage());
    }

    @Test
    void aBandOfTheWrongLengthIsRejectedNamingTheSeries() {
        double[] x = {1, 2, 3};
        var e = assertThrows(IllegalArgumentException.class,
                () -> Series.withBand("io-arch2vec", x, x, new double[] {0, 1}, x));
        assertTrue(e.getMessage().contains("io-arch2vec"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Series("half", x, x, x, null));
    }

    @Test
    void infiniteValuesAreRejectedButNaNIsAllowed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Series.of("gcn", new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("gcn") && e.getMessage().contains("y[1]"), e.getMessage());
        Series.of("gcn", new double[] {1, Double.NaN}, new double[] {Double.NaN, 2});
    }

    @Test
    void arraysAreCopiedSoLaterWritesDoNotChangeTheSeries() {
        double[] x = {1, 2};
        double[] y = {3, 4};
        Series s = Series.of("s", x, y);
        x[0] = 99;
        s.y()[0] = 99;
        assertArrayEquals(new double[] {1, 2}, s.x());
        assertArrayEquals(new double[] {3, 4}, s.y());
        assertFalse(s.hasBand());
        assertNull(s.lower());
    }
}
