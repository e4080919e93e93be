package ionas.nas.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.numeric.Correlation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyCorrelationsTest {
    /**
     * 8 cells: params rises with accuracy (rho = tau = 1 in every resample), snip falls (-1), grasp is
     * a fixed shuffle (its rho and tau as Correlation gives them, inside the interval), nwot is
     * missing on 3 cells (5 counted), and the rest are not computed (no row).
     */
    @Test
    void correlationsPerProxyWithBootstrapIntervals() {
        double[] acc = {0.80, 0.91, 0.85, 0.93, 0.70, 0.88, 0.90, 0.75};
        double[] shuffled = {3, 1, 4, 1.5, 5, 9, 2, 6};
        List<ProxyRow> rows = new ArrayList<>();
        Map<String, Double> accuracy = new HashMap<>();
        for (int i = 0; i < acc.length; i++) {
            double[] s = new double[Proxies.ALL.size()];
            Arrays.fill(s, Double.NaN);
            s[0] = acc[i] * 10;         // params
            s[3] = -acc[i];             // snip
            s[4] = shuffled[i];         // grasp
            s[8] = i < 3 ? Double.NaN : i; // nwot
            rows.add(new ProxyRow("h" + i, s, 1));
            accuracy.put("h" + i, acc[i]);
        }
        rows.add(new ProxyRow("not-in-benchmark", rows.get(0).scores(), 1));
        List<ProxyCorrelation> c = ProxyCorrelations.of(rows, accuracy, 200, 0);
        assertEquals(List.of("params", "snip", "grasp", "nwot"), c.stream().map(ProxyCorrelation::proxy).toList());
        ProxyCorrelation params = c.get(0), snip = c.get(1), grasp = c.get(2), nwot = c.get(3);
        assertEquals(8, params.cells());
        assertEquals(1, params.spearman(), 1e-12);
        assertEquals(1, params.kendallLow(), 1e-12);
        assertEquals(-1, snip.spearmanHigh(), 1e-12);
        assertEquals(Correlation.spearman(shuffled, acc), grasp.spearman(), 1e-12);
        assertEquals(Correlation.kendall(shuffled, acc), grasp.kendall(), 1e-12);
        assertTrue(grasp.spearmanLow() <= grasp.spearman() && grasp.spearman() <= grasp.spearmanHigh());
        assertTrue(grasp.spearmanLow() < grasp.spearmanHigh());
        assertEquals(5, nwot.cells());
        String csv = ProxyCorrelations.toCsv(c);
        assertTrue(csv.contains("\ngrasp,8,") && csv.trim().endsWith(",") , csv); // nwot has no published value
        assertTrue(ProxyCorrelations.toMarkdown(c).contains("| 0.45 |"), "grasp's published |rho|");
    }

    /** The cheap version against the full one: params the same ranking (1), snip reversed (-1), cells only one side has left out. */
    @Test
    void agreementRanksTheSameProxyInTwoRuns() {
        List<ProxyRow> cheap = new ArrayList<>(), full = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double[] a = new double[Proxies.ALL.size()], b = new double[Proxies.ALL.size()];
            Arrays.fill(a, Double.NaN);
            Arrays.fill(b, Double.NaN);
            a[0] = i;
            b[0] = 100 + i * i;
            a[3] = i;
            b[3] = -i;
            cheap.add(new ProxyRow("h" + i, a, 1));
            if (i != 2) full.add(new ProxyRow("h" + i, b, 1));
        }
        List<ProxyCorrelation> c = ProxyCorrelations.agreement(cheap, full);
        assertEquals(List.of("params", "snip"), c.stream().map(ProxyCorrelation::proxy).toList());
        assertEquals(5, c.get(0).cells());
        assertEquals(1, c.get(0).kendall(), 1e-12);
        assertEquals(-1, c.get(1).spearman(), 1e-12);
    }

    @Test
    void proxyListsParseInColumnOrderAndRejectUnknownNames() {
        assertEquals(List.of("snip", "synflow"), Proxies.parse("synflow, snip,snip").stream().map(ZeroCostProxy::name).toList());
        assertEquals(Proxies.ALL, Proxies.parse("all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Proxies.parse("snip,zen"));
        assertTrue(e.getMessage().contains("unknown proxy 'zen'") && e.getMessage().contains("jacob_cov"), e.getMessage());
    }
}
