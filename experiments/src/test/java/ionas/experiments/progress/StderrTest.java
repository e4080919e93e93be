package ionas.experiments.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.Progress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StderrTest {
    private final StringWriter text = new StringWriter();

    private Stderr stderr(ProgressMode mode) {
        return new Stderr(new PrintWriter(text), mode);
    }

    @Test
    void aLogLineGoesAboveTheBarWhichIsDrawnAgainBelowIt() {
        Stderr s = stderr(ProgressMode.OFF);
        s.drawBar("epoch 1  50% [===   ]");
        s.println("resuming after epoch 1");
        s.drawBar("epoch 1 100% [======]");
        s.endBar();
        s.println("done");
        String n = System.lineSeparator();
        assertEquals("\repoch 1  50% [===   ]" + "\r" + " ".repeat(21) + "\r" + "resuming after epoch 1" + n + "\repoch 1  50% [===   ]"
                + "\repoch 1 100% [======]" + n + "done" + n, text.toString());
    }

    @Test
    void theLogStreamHandsOnWholeLines() {
        Stderr s = stderr(ProgressMode.OFF);
        PrintStream log = s.log();
        log.print("io-dataset: [1/6] ");
        assertEquals("", text.toString(), "half a line waits");
        log.printf(Locale.ROOT, "train/abc: %d features%n", 16);
        log.println("é");
        String n = System.lineSeparator();
        assertEquals("io-dataset: [1/6] train/abc: 16 features" + n + "é" + n, text.toString());
    }

    @Test
    void linesModeWritesLinesAndOffNothing() {
        try (Progress.Task t = stderr(ProgressMode.LINES).progress().start("embeddings", 3, "cells")) {
            t.step(3);
        }
        assertTrue(text.toString().startsWith("embeddings: 3 cells in 0:0"), text.toString());
        assertSame(Progress.NONE, stderr(ProgressMode.OFF).progress());
    }

    @Test
    void modesAreNamedInAnyCase() {
        assertEquals(ProgressMode.LINES, ProgressMode.of("Lines"));
        assertEquals(ProgressMode.OFF, ProgressMode.of(" off "));
        var e = assertThrows(IllegalArgumentException.class, () -> ProgressMode.of("fancy"));
        assertEquals("--progress is auto, bar, lines or off, not 'fancy'", e.getMessage());
        assertEquals(ProgressMode.BAR, ProgressMode.BAR.resolved());
    }

    @Test
    void theLauncherDecidesWhetherStderrIsATerminal() {
        String before = System.getProperty(ProgressMode.TERMINAL_PROPERTY);
        try {
            System.setProperty(ProgressMode.TERMINAL_PROPERTY, "true");
            assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolved());
            System.setProperty(ProgressMode.TERMINAL_PROPERTY, "false");
            assertEquals(ProgressMode.LINES, ProgressMode.AUTO.resolved());
        } finally {
            if (before == null) System.clearProperty(ProgressMode.TERMINAL_PROPERTY);
            else System.setProperty(ProgressMode.TERMINAL_PROPERTY, before);
        }
    }
}
