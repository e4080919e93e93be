package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.experiments.report.Setting;
import ionas.nas.iomodel.SemiSupervisedConfig;
import ionas.nas.pretrain.PretrainConfig;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproducePresetTest {
    @Test
    void everyPresetNamesStepPresetsThatExist() {
        for (String name : ReproducePreset.NAMES) {
            ReproducePreset p = ReproducePreset.of(name);
            assertEquals(name, p.name());
            // the steps' own preset tables must know the names a reproduction passes them
            PretrainConfig.preset(p.pretrain());
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

    /** A field added to the preset without its row in the report fails here. */
    @Test
    void everyFieldButTheNameHasAReadableRowInOrder() {
        List<String> fields = Arrays.stream(ReproducePreset.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(n -> !n.equals("name")).toList();
        for (String preset : ReproducePreset.NAMES) {
            List<Setting> rows = ReproducePreset.of(preset).settings();
            assertEquals(fields, rows.stream().map(Setting::key).toList(), preset);
            for (Setting s : rows) assertTrue(!s.label().isBlank() && !s.label().equals(s.key()) && !s.value().isBlank(), s.toString());
        }
    }

    @Test
    void listsReadAsListsNotAsJava() {
        List<Setting> rows = ReproducePreset.of("paper").settings();
        assertEquals("10, 30", value(rows, "embedEpochs"));
        assertEquals("reinforce, dngo, random, evolution", value(rows, "algorithms"));
        assertEquals("608", value(rows, "trainNetworks"));
    }

    private static String value(List<Setting> rows, String key) {
        return rows.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().value();
    }
}
