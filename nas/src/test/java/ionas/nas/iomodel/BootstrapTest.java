package ionas.nas.iomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void percentileIsNumpysLinearRule() {
        // /usr/bin/python3 -c "import numpy as np; print(np.percentile([1.,2.,3.,4.],2.5), np.percentile([1.,2.,3.,4.],97.5))"
        double[] v = {1, 2, 3, 4};
        assertEquals(1.075, Bootstrap.percentile(v, 2.5), 1e-12);
        assertEquals(3.925, Bootstrap.percentile(v, 97.5), 1e-12);
    }

    @Test
    void intervalCoversTheMeanAndNarrowsWithMoreData() {
        Random r = new Random(3);
        double[] small = new double[100], large = new double[10_000];
        for (int i = 0; i < small.length; i++) small[i] = r.nextGaussian() + 5;
        for (int i = 0; i < large.length; i++) large[i] = r.nextGaussian() + 5;
        Bootstrap.Interval a = Bootstrap.mean95(small, 1000, 1), b = Bootstrap.mean95(large, 1000, 1);
        assertTrue(a.lower() < a.mean() && a.mean() < a.upper());
        // the standard error is 0.1 and 0.01: a 95% interval is about 4 standard errors wide
        assertEquals(0.39, a.upper() - a.lower(), 0.1);
        assertEquals(0.039, b.upper() - b.lower(), 0.01);
    }

    @Test
    void constantValuesHaveAPointInterval() {
        Bootstrap.Interval c = Bootstrap.mean95(new double[] {2, 2, 2}, 50, 7);
        assertEquals(2, c.mean());
        assertEquals(2, c.lower());
        assertEquals(2, c.upper());
    }
}
