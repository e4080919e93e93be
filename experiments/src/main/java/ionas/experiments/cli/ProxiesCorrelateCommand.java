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
            "Prints a markdown table and writes correlations.csv and correlations.md to --out. With --against (the same",
            "cells scored another way, e.g. stem 128 against stem 16): both tables on the cells the two have in common,",
            "and each proxy's rank agreement between the two (agreement.csv)."})
public final class ProxiesCorrelateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--proxies-csv", paramLabel = "FILE", required = true,
            description = "proxies.csv of ionas proxies; repeat for the files of several shards.")
    private List<Path> files;

    @Option(names = "--against", paramLabel = "FILE",
            description = "proxies.csv of the same cells scored another way (repeat for shards): compare on the common cells.")
    private List<Path> against;

    @Option(names = "--benchmark", paramLabel = "FILE", description = "Records with the accuracies (default: DATA/nasbench101/nb101-20k.json).")
    private Path benchmark;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write correlations.csv and .md (default: the first file's folder).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Map<String, ProxyRow> rows = rows(files), reference = against == null ? null : rows(against);
        if (reference != null) {
            rows.keySet().retainAll(reference.keySet());
            reference.keySet().retainAll(rows.keySet());
            if (rows.isEmpty()) throw new IllegalArgumentException("--against: no cell is in both " + files + " and " + against);
        }
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
        Path dir = out != null ? out : files.get(0).toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<ProxyCorrelation> table = ProxyCorrelations.of(new ArrayList<>(rows.values()), accuracy);
        AtomicFiles.writeString(dir.resolve("correlations.csv"), ProxyCorrelations.toCsv(table));
        StringBuilder md = new StringBuilder(section(files, table, rows.values(), accuracy.size(), bench.source()));
        if (reference != null) {
            List<ProxyCorrelation> refTable = ProxyCorrelations.of(new ArrayList<>(reference.values()), accuracy);
            List<ProxyCorrelation> agreement = ProxyCorrelations.agreement(new ArrayList<>(rows.values()), new ArrayList<>(reference.values()));
            AtomicFiles.writeString(dir.resolve("correlations-against.csv"), ProxyCorrelations.toCsv(refTable));
            AtomicFiles.writeString(dir.resolve("agreement.csv"), ProxyCorrelations.toCsv(agreement, false));
            md.append('\n').append(section(against, refTable, reference.values(), accuracy.size(), bench.source()))
                    .append("\nRank agreement of each proxy between the two (the same proxy's scores on the same cells):\n\n")
                    .append(ProxyCorrelations.toMarkdown(agreement, false));
        }
        AtomicFiles.writeString(dir.resolve("correlations.md"), md.toString());
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        if (unknown > 0) w.println(unknown + " scored cells are not in the benchmark file and were left out");
        w.println("wrote correlations.csv, correlations.md" + (reference != null ? ", correlations-against.csv and agreement.csv" : "") + " to " + dir);
        w.flush();
        return 0;
    }

    /** The rows of every file, the first row of a hash kept. */
    private static Map<String, ProxyRow> rows(List<Path> files) throws IOException {
        Map<String, ProxyRow> rows = new LinkedHashMap<>();
        for (Path f : files) for (ProxyRow r : ProxiesFile.read(f)) rows.putIfAbsent(r.hash(), r);
        return rows;
    }

    /** A heading naming the files, the table, and the cells and mean seconds per cell. */
    private static String section(List<Path> files, List<ProxyCorrelation> table, java.util.Collection<ProxyRow> rows, int cells, String benchmark) {
        double seconds = rows.stream().mapToDouble(ProxyRow::seconds).average().orElse(Double.NaN);
        return "Against validation accuracy: " + files + "\n\n" + ProxyCorrelations.toMarkdown(table)
                + String.format(java.util.Locale.ROOT, "%n%d cells with validation accuracy in %s; %.2f s per cell on average%n", cells, benchmark, seconds);
    }
}
