package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.experiments.report.Setting;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproducePresetTest {
    /** A field added to the preset without its row in the report fails here. */
    @Test
    void everyFieldButTheNameHasAReadableRowInOrder() {
        List<String> fields = Arrays.stream(ReproducePreset.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(n -> !n.equals("name")).toList();
        for (String preset : List.of("paper", "small", "tiny")) {
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
