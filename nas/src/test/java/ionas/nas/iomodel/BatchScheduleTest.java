package ionas.nas.iomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchScheduleTest {
    private static String pattern(boolean[] order) {
        StringBuilder sb = new StringBuilder();
        for (boolean b : order) sb.append(b ? 'L' : 'U');
        return sb.toString();
    }

    @Test
    void blocksOfLabeledThenUnlabeledUntilOneStreamEnds() {
        assertEquals("LLLUULLLUULLLUUUUU", pattern(BatchSchedule.order(9, 9, 3, 2)));
        assertEquals("LLLUULLLLLL", pattern(BatchSchedule.order(9, 2, 3, 2)), "labeled batches finish the epoch");
        assertEquals("UUUU", pattern(BatchSchedule.order(0, 4, 3, 2)));
    }

    @Test
    void unlabeledBlockFollowsInfoNasFormula() {
        // spec A.4: 608 labeled networks, 11,896 unlabeled batches -> 206
        assertEquals(206, BatchSchedule.unlabeledPerBlock(0.33, 11_896, 608, 32));
        // fewer networks than a batch: the reference would divide by zero; ionas takes 1
        assertEquals(206, BatchSchedule.unlabeledPerBlock(0.33, 625, 8, 32));
        assertEquals(1, BatchSchedule.unlabeledPerBlock(0.33, 1, 608, 32));
    }

    @Test
    void rejectsEmptyBlocks() {
        assertThrows(IllegalArgumentException.class, () -> BatchSchedule.order(3, 3, 0, 2));
    }
}
