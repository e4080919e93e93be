package ionas.experiments.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.nas.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineProgressTest {
    private final List<String> lines = new ArrayList<>();
    private long now = 1_000_000_000L; // any origin: only differences count

    private final LineProgress progress = new LineProgress(lines::add, () -> now);

    private void advance(double seconds) {
        now += Math.round(seconds * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void firstLineAfterTenSecondsThenAtMostEveryThirtyAndAlwaysALastOne() {
        try (Progress.Task t = progress.start("arch2vec epoch 1/8", 11_914, "batches")) {
            advance(9.9);
            t.step(1900);
            assertEquals(List.of(), lines, "nothing in the first ten seconds");
            advance(0.1);
            t.step(100);
            assertEquals(List.of("arch2vec epoch 1/8: 2,000/11,914 batches (16%), 200 batches/s, ETA 0:50"), lines);
            advance(29.9);
            t.step(5980);
            assertEquals(1, lines.size(), "at most one line every 30 s");
            advance(0.1);
            t.step(20);
            assertEquals("arch2vec epoch 1/8: 8,000/11,914 batches (67%), 200 batches/s, ETA 0:20", lines.get(1));
            advance(30);
            t.step(3914);
            assertEquals(2, lines.size(), "no progress line at 100%: the last line follows");
        }
        assertEquals("arch2vec epoch 1/8: 11,914 batches in 1:10, 170 batches/s", lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void aShortTaskPrintsOnlyItsLastLine() {
        try (Progress.Task t = progress.start("embeddings", 91, "cells")) {
            advance(0.5);
            t.step(91);
        }
        assertEquals(List.of("embeddings: 91 cells in 0:01, 182 cells/s"), lines);
    }

    @Test
    void aTaskThatStopsEarlySaysWhere() {
        try (Progress.Task t = progress.start("pretrain", 6, "networks")) {
            advance(150);
            t.step();
        }
        assertEquals(List.of("pretrain: 1/6 networks (16%), 24 networks/h, ETA 12:30", "pretrain: stopped at 1/6 networks (16%) after 2:30"), lines);
    }

    @Test
    void anEmptyOrMutedTaskPrintsNothingAndClosingTwiceOnce() {
        progress.start("search random on x", 0, "runs").close();
        LineProgress.LineTask muted = progress.start("shown as a bar", 10, "things");
        muted.mute(true);
        advance(60);
        muted.step(10);
        muted.close();
        assertEquals(List.of(), lines);
        Progress.Task t = progress.start("predict rf on x", 2, "fits");
        t.step(2);
        t.close();
        t.close();
        assertEquals(List.of("predict rf on x: 2 fits in 0:00"), lines);
    }

    @Test
    void stepsFromManyThreadsAllCount() throws InterruptedException {
        LineProgress real = new LineProgress(lines::add);
        Progress.Task t = real.start("search reinforce on x", 4000, "runs");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) threads.add(Thread.ofPlatform().start(() -> {
            for (int k = 0; k < 1000; k++) t.step();
        }));
        for (Thread th : threads) th.join();
        t.close();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("search reinforce on x: 4,000 runs in ", lines.get(0).substring(0, "search reinforce on x: 4,000 runs in ".length()));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0:00", LineProgress.duration(0.4));
        assertEquals("0:45", LineProgress.duration(45));
        assertEquals("1:02", LineProgress.duration(61.6));
        assertEquals("59:59", LineProgress.duration(3599));
        assertEquals("1:00:00", LineProgress.duration(3600));
        assertEquals("26:03:04", LineProgress.duration(26 * 3600 + 3 * 60 + 4));
    }

    @Test
    void ratesKeepReadableNumbers() {
        assertEquals("1,234 cells/s", LineProgress.rate(1234.4, "cells"));
        assertEquals("12 batches/s", LineProgress.rate(12.4, "batches"));
        assertEquals("2.5 runs/s", LineProgress.rate(2.5, "runs"));
        assertEquals("30 fits/min", LineProgress.rate(0.5, "fits"));
        assertEquals("1.2 networks/min", LineProgress.rate(0.02, "networks"));
        assertEquals("36 networks/h", LineProgress.rate(0.01, "networks"));
    }

    @Test
    void percentRoundsDownSoThatOnlyTheEndIsAHundred() {
        assertEquals(99, LineProgress.percent(999, 1000));
        assertEquals(100, LineProgress.percent(1000, 1000));
        assertEquals(0, LineProgress.percent(0, 7));
    }
}
