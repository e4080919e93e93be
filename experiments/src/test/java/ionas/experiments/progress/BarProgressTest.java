package ionas.experiments.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BarProgressTest {
    @Test
    void theInnermostTaskIsTheBarAndTheOuterOneReportsInLines() {
        StringWriter text = new StringWriter();
        Progress progress = new Stderr(new PrintWriter(text), ProgressMode.BAR).progress();
        try (Progress.Task networks = progress.start("pretrain", 2, "networks")) {
            for (int n = 0; n < 2; n++) {
                try (Progress.Task batches = progress.start("net" + n + " epoch 1/1", 3, "batches")) {
                    for (int b = 0; b < 3; b++) batches.step();
                }
                networks.step();
            }
        }
        // each bar ends as drawn last, on a line of its own (what a terminal shows of a line: after its last \r);
        // the outer task never drew one and ends with a line
        List<String> lines = Stream.of(text.toString().split("\n")).map(l -> l.substring(l.lastIndexOf('\r') + 1)).toList();
        assertEquals(3, lines.size(), text.toString());
        for (int n = 0; n < 2; n++) {
            String bar = lines.get(n);
            assertTrue(bar.startsWith("net" + n + " epoch 1/1 100% [") && bar.contains("] 3/3 batches ("), bar);
        }
        assertTrue(lines.get(2).startsWith("pretrain: 2 networks in 0:0"), lines.get(2));
    }
}
