package ionas.nas.proxies;

import ionas.nas.Progress;
import ionas.nas.cifar.CifarImages;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.space.CellNetwork;
import ionas.nas.space.NetworkShape;
import ionas.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scores NAS-Bench-101 cells with the chosen proxies into a {@link ProxiesFile}, resuming where a
 * previous run stopped: cells already in the file are skipped.
 */
public final class ProxyRun {
    private final ProxySettings settings;
    private final List<ZeroCostProxy> proxies;
    private final ProxyBatch batch;

    public ProxyRun(ProxySettings settings, List<ZeroCostProxy> proxies, ProxyBatch batch) {
        if (batch.images().size(0) != settings.batch())
            throw new IllegalArgumentException("the minibatch has " + batch.images().size(0) + " images, the settings ask for " + settings.batch());
        this.settings = settings;
        this.proxies = List.copyOf(proxies);
        this.batch = batch;
    }

    /** A cell to score: its hash (the file's key) and its graph. */
    public record Job(String hash, CellSpec cell) {}

    /** What a run did: cells scored now, and cells found already scored. */
    public record Outcome(int scored, int skipped) {}

    /** Scores every job not already in {@code csv}, appending a row as each finishes. */
    public Outcome run(List<Job> jobs, Path csv, Progress progress) throws IOException {
        List<ProxyRow> done = new ArrayList<>();
        ProxiesFile file = ProxiesFile.resume(csv, done);
        Set<String> have = new HashSet<>();
        for (ProxyRow r : done) have.add(r.hash());
        List<Job> todo = jobs.stream().filter(j -> !have.contains(j.hash())).toList();
        try (Progress.Task task = progress.start("proxies (stem " + settings.stemChannels() + ", batch " + settings.batch() + ")", todo.size(), "cells")) {
            for (Job j : todo) {
                file.append(score(j));
                task.step();
            }
        }
        return new Outcome(todo.size(), jobs.size() - todo.size());
    }

    /** The row of one cell: every chosen proxy's score and the seconds they took together. */
    public ProxyRow score(Job job) {
        long start = System.nanoTime();
        NetworkShape shape = settings.shape();
        Supplier<CellNetwork> network = () -> Nb101Cells.KIND.networks().network(job.cell(), shape, CifarImages.CLASSES,
                new Generator(settings.seed()));
        ProxyInput input = new ProxyInput(network, batch.images(), batch.labels());
        double[] scores = new double[Proxies.ALL.size()];
        java.util.Arrays.fill(scores, Double.NaN);
        for (ZeroCostProxy p : proxies) {
            try {
                scores[Proxies.ALL.indexOf(p)] = p.score(input);
            } catch (OutOfMemoryError e) { // GraSP keeps a whole backward pass for its second one: the likeliest to hit this
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "%s on cell %s needs more than the Java heap's %.1f GiB at stem %d, batch %d: lower --batch or --stem, or raise"
                                + " the heap (IONAS_JAVA_OPTS=-Xmx24g ./ionas proxies ...)", p.name(), job.hash(),
                        Runtime.getRuntime().maxMemory() / (double) (1L << 30), shape.stemChannels(), settings.batch()), e);
            }
        }
        return new ProxyRow(job.hash(), scores, (System.nanoTime() - start) / 1e9);
    }
}
