package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.iomodel.SemiSupervisedConfig;
import ionas.nas.pretrain.PretrainConfig;
import org.junit.jupiter.api.Test;

class ReproducePresetTest {
    @Test
    void everyPresetNamesStepPresetsThatExist() {
        for (String name : ReproducePreset.NAMES) {
            ReproducePreset p = ReproducePreset.of(name);
            assertEquals(name, p.name());
            // the steps' own preset tables must know the names a reproduction passes them
            PretrainConfig.preset(p.pretrain());
            SemiSupervisedConfig.preset(p.ioModel());
            int ioEpochs = SemiSupervisedConfig.preset(p.ioModel()).epochs();
            assertTrue(p.embedEpochs().stream().allMatch(e -> e >= 1 && e <= ioEpochs),
                    name + ": embeds after epochs " + p.embedEpochs() + " of " + ioEpochs);
        }
    }

    @Test
    void theDefaultIsTheQuickPresetAndUnknownNamesListTheChoices() {
        assertEquals("quick", ReproducePreset.DEFAULT);
        assertTrue(ReproducePreset.NAMES.contains(ReproducePreset.DEFAULT));
        var e = assertThrows(IllegalArgumentException.class, () -> ReproducePreset.of("huge"));
        assertEquals("unknown preset 'huge': expected one of paper, small, quick, tiny", e.getMessage());
    }

    @Test
    void quickPretrainsSmallsNetworkForOneEpochOnAllImages() {
        PretrainConfig quick = PretrainConfig.preset("quick"), small = PretrainConfig.preset("small");
        assertEquals(small.withEpochs(1), quick);
        assertEquals(0, quick.trainImages());
    }
}
