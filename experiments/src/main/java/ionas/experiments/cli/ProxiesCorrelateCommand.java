package ionas.experiments.cli;

import ionas.nas.nb101.data.NasBench;
import ionas.nas.proxies.ProxiesFile;
import ionas.nas.proxies.ProxyCorrelation;
import ionas.nas.proxies.ProxyCorrelations;
import ionas.nas.proxies.ProxyRow;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas proxies correlate}: how each proxy ranks the cells against their validation accuracy. */
@Command(name = "correlate",
        description = {"Spearman's rho and Kendall's tau of every proxy against validation accuracy, with 95%% bootstrap",
            "intervals (" + ProxyCorrelations.RESAMPLES + " resamples), beside the |rho| Abdelfattah et al. 2021 report over all NB101 cells.",
            "Prints a markdown table and writes correlations.csv and correlations.md to --out."})
public final class ProxiesCorrelateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--proxies-csv", paramLabel = "FILE", required = true,
            description = "proxies.csv of ionas proxies; repeat for the files of several shards.")
    private List<Path> files;

    @Option(names = "--benchmark", paramLabel = "FILE", description = "Records with the accuracies (default: DATA/nasbench101/nb101-20k.json).")
    private Path benchmark;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write correlations.csv and .md (default: the first file's folder).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Map<String, ProxyRow> rows = new LinkedHashMap<>();
        for (Path f : files) for (ProxyRow r : ProxiesFile.read(f)) rows.putIfAbsent(r.hash(), r);
        NasBench bench = Nb101Records.load(benchmark, GlobalOptions.of(spec).dataDir());
        Map<String, Double> accuracy = new HashMap<>();
        int unknown = 0;
        for (String h : rows.keySet()) {
            if (bench.contains(h)) accuracy.put(h, bench.record(h).validationAccuracy());
            else unknown++;
        }
        if (accuracy.size() < 3)
            throw new IllegalArgumentException("only " + accuracy.size() + " of the " + rows.size() + " scored cells are in " + bench.source()
                    + "; correlations need at least 3");
        List<ProxyCorrelation> table = ProxyCorrelations.of(new ArrayList<>(rows.values()), accuracy);
        double seconds = rows.values().stream().mapToDouble(ProxyRow::seconds).average().orElse(Double.NaN);
        String md = ProxyCorrelations.toMarkdown(table)
                + String.format(java.util.Locale.ROOT, "%n%d cells with validation accuracy in %s; %.2f s per cell on average%n", accuracy.size(), bench.source(), seconds);
        Path dir = out != null ? out : files.get(0).toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("correlations.csv"), ProxyCorrelations.toCsv(table));
        AtomicFiles.writeString(dir.resolve("correlations.md"), md);
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        if (unknown > 0) w.println(unknown + " scored cells are not in the benchmark file and were left out");
        w.println("wrote " + dir.resolve("correlations.csv") + " and correlations.md");
        w.flush();
        return 0;
    }
}
