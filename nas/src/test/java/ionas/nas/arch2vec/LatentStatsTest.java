package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LatentStatsTest {
    @Test
    void meanAndUnbiasedStdPerPositionOverBatches() {
        LatentStats s = new LatentStats(1, 2);
        s.add(Tensor.of(new float[] {1, 10, 2, 20}, 2, 1, 2));  // two cells
        s.add(Tensor.of(new float[] {3, 60}, 1, 1, 2));         // a third, in another batch
        assertEquals(3, s.count());
        assertArrayEquals(new float[] {2, 30}, s.mean(), 1e-6f);
        // position 0: 1, 2, 3 -> variance 1; position 1: 10, 20, 60 -> variance 700
        assertArrayEquals(new float[] {1, (float) Math.sqrt(700)}, s.std(), 1e-4f);
    }

    @Test
    void noSpreadFromOneCell() {
        LatentStats s = new LatentStats(1, 1);
        s.add(Tensor.of(new float[] {5}, 1, 1, 1));
        assertArrayEquals(new float[] {0}, s.std());
    }
}
