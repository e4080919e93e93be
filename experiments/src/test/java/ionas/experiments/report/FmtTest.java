package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FmtTest {
    @Test
    void formatsForPeopleWhateverTheLocale() {
        assertEquals("44.97%", Fmt.pct(0.4497));
        assertEquals("0.002091", Fmt.sig(0.002091));
        assertEquals("0.5000", Fmt.sig(0.5));
        assertEquals("1235", Fmt.sig(1234.5));
        assertEquals("1.000e-05", Fmt.sig(1e-5));
        assertEquals(Fmt.NA, Fmt.sig(Double.NaN));
        assertEquals("1,094,000", Fmt.count(1_094_000));
        assertEquals("0.01800 ± 0.001000", Fmt.plusMinus(0.018, 0.001));
        assertEquals("0.018 ± 0.001", Fmt.publishedPlusMinus(0.018, 0.001));
        assertEquals("0.6879", Fmt.publishedPlusMinus(0.6879, Double.NaN));
        assertEquals("2.0 min", Fmt.duration(120));
    }

    @Test
    void csvReadsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        assertEquals(List.of(List.of("a", "b,c"), List.of("x \"y\"", "1\n2"), List.of("", "")),
                ionas.experiments.plot.Csv.parse("a,\"b,c\"\r\n\"x \"\"y\"\"\",\"1\n2\"\n,\n"));
    }
}
