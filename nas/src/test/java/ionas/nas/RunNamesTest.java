package ionas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names that become folders: one safe name, or a relative path of them, never "..", "/x" or ".hidden". */
class RunNamesTest {
    @Test
    void safeNamesAndPathsPass() {
        assertEquals("io-model_2ep.v1", RunNames.check("label", "io-model_2ep.v1"));
        assertEquals("train/9018052602458f76ad130860a69da2f5", RunNames.checkPath("network", "train/9018052602458f76ad130860a69da2f5"));
    }

    @Test
    void namesThatLeaveTheFolderOrHideAreRefused() {
        for (String bad : List.of("..", "../x", "a/b", ".hidden", "", "a b", "x".repeat(101)))
            assertThrows(IllegalArgumentException.class, () -> RunNames.check("label", bad), bad);
        for (String bad : List.of("../x", "train/..", "/abs", "a//b", "a/", "train/.git", ""))
            assertThrows(IllegalArgumentException.class, () -> RunNames.checkPath("network", bad), bad);
    }
}
