package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeepRuleTest {
    @Test
    void bestKeepsTheFirstEpochOfTheHighestValidationScore() {
        assertEquals(2, KeepRule.BEST.keptEpoch(List.of(0.5, 0.9, 0.7, 0.9)), "a tie goes to the earlier epoch");
        assertEquals(4, KeepRule.BEST.keptEpoch(List.of(0.1, 0.2, 0.3, 0.4)));
        assertEquals(1, KeepRule.BEST.keptEpoch(List.of(0.0, 0.0, 0.0)));
        // the swing of docs/arch2vec.md: the tie-breaking run's held-out decoding after epochs 1-8
        assertEquals(7, KeepRule.BEST.keptEpoch(List.of(0.35, 0.80, 0.95, 0.9873, 0.9129, 0.9642, 0.9922, 0.8785)));
    }

    @Test
    void lastKeepsTheLastEpochWhateverTheScores() {
        assertEquals(4, KeepRule.LAST.keptEpoch(List.of(0.5, 0.9, 0.7, 0.1)));
        assertEquals(1, KeepRule.LAST.keptEpoch(List.of(0.5)));
    }

    @Test
    void noEpochIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> KeepRule.BEST.keptEpoch(List.of()));
        assertTrue(e.getMessage().contains("not finished one"), e.getMessage());
    }

    @Test
    void namesReadBackAndAnUnknownOneIsNamed() {
        for (KeepRule k : KeepRule.values()) assertEquals(k, KeepRule.of(k.toString()));
        var e = assertThrows(IllegalArgumentException.class, () -> KeepRule.of("first"));
        assertEquals("unknown rule for the kept epoch 'first': expected last or best", e.getMessage());
    }

    @Test
    void onlyBestCarvesAValidationSliceOfAtMostTenThousandCells() {
        assertEquals(0, KeepRule.LAST.validationCells(381_261));
        assertEquals(10_000, KeepRule.BEST.validationCells(381_261));
        assertEquals(9, KeepRule.BEST.validationCells(96));
    }

    @Test
    void theValidationSliceIsTheTrainingCellsTailAndLeavesTheHeldOutCellsAlone() {
        int[] train = IntStream.range(0, 20).map(i -> 19 - i).toArray(), held = {20, 21, 22};
        var split = new Arch2VecDataset.Split(train, held).carveValidation(3);
        assertArrayEquals(Arrays.copyOf(train, 17), split.train());
        assertArrayEquals(new int[] {2, 1, 0}, split.validation());
        assertArrayEquals(held, split.heldOut());
        assertThrows(IllegalArgumentException.class, () -> new Arch2VecDataset.Split(train, held).carveValidation(21));
    }
}
