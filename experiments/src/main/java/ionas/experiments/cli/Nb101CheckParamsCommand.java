package ionas.experiments.cli;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.ParameterCount;
import ionas.nas.nb101.data.NasBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ionas nb101 check-params FILE}: for every cell of a record file whose graph is known, the
 * parameter count of the paper's network ({@code Network(cell, 128, 3, 3, 10)}, counted by
 * {@link ParameterCount} without allocating weights) against the file's {@code trainable_parameters}.
 * Graphs come from the file itself, then {@code --graphs} (default DATA/nasbench101/nb101-1k.json),
 * then the search space; cells without a known graph are not checked and are counted as such.
 * Exit 1 on any mismatch, or when no cell could be checked.
 */
@Command(name = "check-params",
        description = {"Check the benchmark's trainable_parameters against the paper's network built on each cell's graph.",
            "Prints 'N of M parameter counts match', the mismatches, and how many cells had no known graph (not checked)."})
public final class Nb101CheckParamsCommand implements Callable<Integer> {
    private static final int PROGRESS_EVERY = 2000;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Records with key and trainable_parameters (nb101-20k.json style JSON, or the official .tfrecord).")
    private Path file;

    @Option(names = "--graphs", paramLabel = "FILE",
            description = "Records with graphs, for cells whose graph FILE lacks. Default: DATA/nasbench101/nb101-1k.json if present.")
    private Path graphs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        NasBench bench = Nb101Records.load(file, GlobalOptions.of(spec).dataDir());
        var sources = Nb101Records.graphSources(bench, graphs, GlobalOptions.of(spec).dataDir(), err);
        int total = bench.size(), checked = 0, noGraph = 0, noCount = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String hash = bench.hash(i);
            long recorded = bench.trainableParameters(hash);
            var found = sources.find(hash);
            if (found == null) {
                noGraph++;
            } else if (recorded < 0) {
                noCount++;
            } else {
                checked++;
                CellSpec cell = found.cell();
                try {
                    long computed = ParameterCount.paperNetwork(cell);
                    if (computed != recorded)
                        mismatches.add(hash + ": benchmark " + recorded + ", network " + computed + " (" + cell + ")");
                } catch (IllegalArgumentException | IllegalStateException e) {
                    mismatches.add(hash + ": benchmark " + recorded + ", network not buildable: " + e.getMessage());
                }
            }
            if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == total) {
                err.printf("check-params: %d/%d cells (%d checked, %d mismatches)%n", i + 1, total, checked, mismatches.size());
                err.flush();
            }
        }
        out.println(bench.source() + ": " + total + " cells; network " + ParameterCount.PAPER_NETWORK);
        out.println((checked - mismatches.size()) + " of " + checked + " parameter counts match");
        if (noGraph > 0)
            out.println(noGraph + " of " + total + " cells had no known graph and were not checked (graphs from: " + sources.describe() + ")");
        if (noCount > 0) out.println(noCount + " of " + total + " cells have no trainable_parameters in the file and were not checked");
        if (!mismatches.isEmpty()) {
            out.println("mismatches:");
            mismatches.forEach(m -> out.println("  " + m));
        }
        out.flush();
        if (checked == 0) {
            err.println("check-params: no cell could be checked (no graph known for any of the " + total + " cells)");
            err.flush();
            return 1;
        }
        return mismatches.isEmpty() ? 0 : 1;
    }
}
