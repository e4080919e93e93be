package ionas.experiments.cli;

import ionas.nas.cifar.Cifar10;
import ionas.nas.nb101.data.GraphSources;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.proxies.Proxies;
import ionas.nas.proxies.ProxyBatch;
import ionas.nas.proxies.ProxyRun;
import ionas.nas.proxies.ProxySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas proxies}: zero-cost proxies of NAS-Bench-101 cells into {@code OUT/proxies.csv}. */
@Command(name = "proxies",
        description = {"Score NAS-Bench-101 cells with zero-cost proxies (Abdelfattah et al. 2021; nwot: Mellor et al. 2021).",
            "Builds each cell's NAS-Bench-101 network (3 stacks of 3 cells) from a fixed seed and scores it on one fixed",
            "CIFAR-10 training minibatch, appending one row per cell to OUT/proxies.csv. A rerun skips the cells already",
            "there; --shard i/n takes every n-th cell (give each shard its own --out)."},
        subcommands = {ProxiesCorrelateCommand.class})
public final class ProxiesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--benchmark", paramLabel = "FILE", description = "Records naming the cells (default: DATA/nasbench101/nb101-20k.json).")
    private Path benchmark;

    @Option(names = "--graphs", paramLabel = "FILE",
            description = "Records with graphs, for cells whose graph the benchmark file lacks. Default: DATA/nasbench101/nb101-1k.json if present.")
    private Path graphs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/proxies", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class, description = "Score only cells i, i+n, i+2n, ... (0-based).")
    private Shard shard = Shard.ALL;

    @Option(names = "--proxies", paramLabel = "LIST", defaultValue = "all",
            description = "Comma-separated proxies, or all (default ${DEFAULT-VALUE}): params, flops, grad_norm, snip, grasp, fisher, synflow, jacob_cov, nwot.")
    private String proxies;

    @Option(names = "--stem", defaultValue = "" + ProxySettings.STEM, description = "Stem channels (default ${DEFAULT-VALUE}, as NAS-Bench-101 trains; 16 for the cheap version).")
    private int stem;

    @Option(names = "--batch", defaultValue = "" + ProxySettings.BATCH, description = "Minibatch images (default ${DEFAULT-VALUE}, zero-cost-nas's NAS-Bench-101 setting).")
    private int batch;

    @Option(names = "--seed", defaultValue = "" + ProxySettings.SEED, description = "Seed of the weights and of the minibatch (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N cells of the benchmark file (before sharding).")
    private Integer limit;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        ProxySettings settings = new ProxySettings(stem, batch, seed);
        var chosen = Proxies.parse(proxies);
        Path data = GlobalOptions.of(spec).dataDir();
        NasBench bench = Nb101Records.load(benchmark, data);
        GraphSources sources = Nb101Records.graphSources(bench, graphs, data, err);
        List<ProxyRun.Job> jobs = new ArrayList<>();
        int cells = limit == null ? bench.size() : Math.min(limit, bench.size()), missing = 0;
        for (int i = 0; i < cells; i++) {
            if (!shard.owns(i)) continue;
            GraphSources.Found f = sources.find(bench.hash(i));
            if (f == null) missing++;
            else jobs.add(new ProxyRun.Job(bench.hash(i), f.cell()));
        }
        if (missing > 0)
            throw new IllegalArgumentException(missing + " of the cells to score have no known graph (graphs from: " + sources.describe()
                    + "); pass --graphs FILE, or run ./ionas nb101 enumerate");
        ProxyBatch minibatch = ProxyBatch.of(Cifar10.train(data, GlobalOptions.of(spec).cifarAnySize()), batch, seed);
        Path csv = out.resolve("proxies.csv");
        ProxyRun.Outcome o = new ProxyRun(settings, chosen, minibatch).run(jobs, csv, GlobalOptions.stderr(spec).progress());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s: %d cells scored now, %d already there (shard %s of %s, stem %d, batch %d)%n",
                csv, o.scored(), o.skipped(), shard, bench.source(), stem, batch);
        w.flush();
        return 0;
    }
}
