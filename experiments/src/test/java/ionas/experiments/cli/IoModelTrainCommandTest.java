package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ionas.nas.iomodel.SemiSupervisedConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code io-model train}'s settings from its options (the training itself: IoChainCommandTest, SemiSupervisedTrainerTest). */
class IoModelTrainCommandTest {
    private static SemiSupervisedConfig parsed(String... args) {
        IoModelTrainCommand c = new IoModelTrainCommand();
        new CommandLine(c).parseArgs(args);
        return c.config();
    }

    /** Without --seed a run is the preset's, seed included, so it trains the same bits as before the option existed. */
    @Test
    void seedDefaultsToThePresetsAndChangesNothingElse() {
        assertEquals(SemiSupervisedConfig.TINY, parsed("--preset", "tiny"));
        assertEquals(1, SemiSupervisedConfig.TINY.seed());
        assertEquals(SemiSupervisedConfig.TINY, parsed("--preset", "tiny", "--seed", "1"));
        SemiSupervisedConfig seven = parsed("--preset", "tiny", "--seed", "7");
        assertEquals(7, seven.seed());
        assertEquals(SemiSupervisedConfig.TINY.toBuilder().seed(7).build(), seven);
        assertNotEquals(SemiSupervisedConfig.TINY, seven);
    }
}
