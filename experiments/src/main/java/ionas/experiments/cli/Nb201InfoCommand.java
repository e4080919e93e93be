package ionas.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ionas.nas.nb201.Nb201Cell;
import ionas.nas.nb201.Nb201Dataset;
import ionas.nas.nb201.Nb201GraphEncoding;
import ionas.nas.nb201.Nb201Record;
import ionas.nas.nb201.Nb201Records;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ionas nb201 info}: what a NAS-Bench-201 records file holds (its cells and the best
 * validation accuracy on each data set), or, given {@code --arch} or {@code --index}, one cell's
 * record and the graph arch2vec reads for it, as JSON.
 */
@Command(name = "info",
        description = {"The NAS-Bench-201 records: the number of cells and the best validation accuracy per data set.",
            "With --arch or --index: one cell's record and arch2vec's graph of it, as JSON."})
public final class Nb201InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--benchmark", paramLabel = "FILE", description = "The records file. Default: DATA/nasbench201/nb201-val.json.")
    private Path benchmark;

    @Option(names = "--arch", paramLabel = "STRING", description = "A cell as the benchmark writes it, e.g. '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|'.")
    private String arch;

    @Option(names = "--index", paramLabel = "N", description = "A cell by its official NAS-Bench-201 index.")
    private Integer index;

    /** One cell as {@code --arch}/{@code --index} print it. */
    record CellJson(int index, String arch, Map<String, Double> validationAccuracy, int[][] arch2vecAdjacency, int[] arch2vecLabels) {}

    @Override
    public Integer call() throws IOException {
        if (arch != null && index != null) throw new ParameterException(spec.commandLine(), "Give --arch or --index, not both");
        Path file = benchmark != null ? benchmark : Nb201Records.defaultFile(GlobalOptions.of(spec).dataDir());
        Nb201Records records = Nb201Records.load(file);
        PrintWriter out = spec.commandLine().getOut();
        if (arch != null || index != null) {
            Nb201Record r = arch != null ? records.get(Nb201Cell.parse(arch)) : byIndex(records, index);
            Map<String, Double> acc = new LinkedHashMap<>();
            for (Nb201Dataset d : Nb201Dataset.values()) acc.put(d.label(), r.accuracy(d));
            CellJson json = new CellJson(r.index(), r.cell().toString(), acc, Nb201GraphEncoding.adjacency(), Nb201GraphEncoding.labels(r.cell()));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } else {
            summary(records, out);
        }
        out.flush();
        return 0;
    }

    private static Nb201Record byIndex(Nb201Records records, int index) {
        for (Nb201Record r : records.records()) if (r.index() == index) return r;
        throw new IllegalArgumentException("index " + index + " is not in " + records.source());
    }

    private static void summary(Nb201Records records, PrintWriter out) {
        out.printf(Locale.ROOT, "NAS-Bench-201 records: %s%n", records.source());
        if (!records.description().isEmpty()) out.printf(Locale.ROOT, "source: %s%n", records.description());
        out.printf(Locale.ROOT, "cells: %,d of the space's %,d%n", records.size(), Nb201Cell.SPACE_SIZE);
        out.println("best validation accuracy (200 epochs, mean over the benchmark's seeds):");
        for (Nb201Dataset d : Nb201Dataset.values()) {
            Nb201Record best = records.best(d);
            out.printf(Locale.ROOT, "  %-15s %6.2f%%  index %5d  %s%n", d.label(), best.accuracy(d), best.index(), best.cell());
        }
        out.println("no test accuracies in these records: regrets computed from them are validation regrets");
    }
}
