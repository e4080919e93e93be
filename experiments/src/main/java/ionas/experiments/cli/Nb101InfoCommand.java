package ionas.experiments.cli;

import ionas.nas.nb101.GraphHash;
import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.ParameterCount;
import ionas.nas.nb101.data.GraphSources;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.nb101.data.RepeatMode;
import ionas.nas.nb101.data.RunMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ionas nb101 info}: one cell, given by hash or as a matrix and ops: the pruned cell, the
 * parameter count of the paper's network on it ({@code Network(cell, 128, 3, 3, 10)}, computed by
 * {@link ParameterCount} without allocating weights) and the benchmark's records for it, as JSON.
 */
@Command(name = "info",
        description = {"A cell's pruned graph, its network's parameter count and its benchmark records, as JSON.",
            "Give the cell by --hash, or by --matrix and --ops."})
public final class Nb101InfoCommand implements Callable<Integer> {
    private static final String NO_TEST_ACCURACY = "this file has no test accuracy (nor train accuracy, nor halfway results): the JSON record"
            + " files hold one training run's validation accuracy per budget; the official nasbench_only108.tfrecord has test accuracies";

    @Spec
    private CommandSpec spec;

    @Option(names = "--hash", paramLabel = "HASH", description = "The cell's NAS-Bench-101 hash (32 hex digits).")
    private String hash;

    @Option(names = "--matrix", paramLabel = "ROWS",
            description = "The adjacency matrix, rows separated by ';', entries by ',' (e.g. \"0,1,0;0,0,1;0,0,0\"), or as JSON [[0,1,0],...].")
    private String matrix;

    @Option(names = "--ops", paramLabel = "OPS", split = ",",
            description = "The vertex ops, comma separated: input, conv3x3-bn-relu (conv3x3), conv1x1-bn-relu (conv1x1), maxpool3x3 (maxpool), output.")
    private List<String> ops;

    @Option(names = "--benchmark", paramLabel = "FILE",
            description = "Benchmark records: nb101-20k.json-style JSON or the official .tfrecord (detected by extension or content)."
                    + " Default: DATA/nasbench101/nb101-20k.json.")
    private Path benchmark;

    @Option(names = "--graphs", paramLabel = "FILE",
            description = "Records with graphs, for hashes whose graph the benchmark file lacks. Default: DATA/nasbench101/nb101-1k.json if present.")
    private Path graphs;

    @Override
    public Integer call() throws IOException {
        if ((hash == null) == (matrix == null && ops == null))
            throw new ParameterException(spec.commandLine(), "Give either --hash or --matrix with --ops");
        if (hash == null && (matrix == null || ops == null))
            throw new ParameterException(spec.commandLine(), "--matrix and --ops go together");
        Path dataDir = GlobalOptions.of(spec).dataDir();
        NasBench bench = Nb101Records.load(benchmark, dataDir);
        GraphSources sources = Nb101Records.graphSources(bench, graphs, dataDir, spec.commandLine().getErr());
        List<String> notes = new ArrayList<>();

        CellSpec cell;
        String graphFrom;
        String cellHash;
        String hashFrom;
        if (hash != null) {
            cellHash = hash.trim();
            hashFrom = "given (--hash)";
            GraphSources.Found found = sources.find(cellHash);
            cell = found == null ? null : found.cell();
            graphFrom = found == null ? null : found.source();
            if (cell == null) {
                if (!bench.contains(cellHash))
                    throw new IllegalArgumentException("hash " + cellHash + " is not in " + bench.source() + " and no graph is known for it ("
                            + sources.describe() + ")");
                notes.add("graph unknown: no graph for " + cellHash + " in " + sources.describe());
            }
        } else {
            CellSpec given = CellSpec.of(parseMatrix(matrix), ops.stream().map(Nb101InfoCommand::opName).toArray(String[]::new));
            cell = given.pruned();
            graphFrom = "--matrix/--ops" + (cell.equals(given) ? "" : " (pruned: vertices on no input-output path dropped)");
            cellHash = GraphHash.of(cell);
            hashFrom = "NAS-Bench-101 graph hash";
        }

        CellInfo.Cell cellInfo = null;
        if (cell != null) {
            String outside = outsideSpace(cell);
            cellInfo = CellInfo.Cell.of(cell, outside == null);
            if (outside != null) notes.add("the cell is outside the NAS-Bench-101 space: " + outside);
        }

        Long computed = cell == null ? null : ParameterCount.paperNetwork(cell);
        boolean inBench = cellHash != null && bench.contains(cellHash);
        long recorded = inBench ? bench.trainableParameters(cellHash) : -1;
        CellInfo.Parameters parameters = new CellInfo.Parameters(ParameterCount.PAPER_NETWORK, computed, recorded >= 0 ? recorded : null,
                computed != null && recorded >= 0 ? computed == recorded : null);

        Map<String, CellInfo.Epochs> epochs = null;
        if (inBench) {
            epochs = new LinkedHashMap<>();
            for (int e : bench.epochBudgets()) {
                List<RunMetrics> runs = bench.runs(cellHash, e);
                if (runs.isEmpty()) continue;
                epochs.put(Integer.toString(e), new CellInfo.Epochs(runs.stream().map(CellInfo.Run::of).toList(),
                        CellInfo.Mean.of(bench.result(cellHash, e, RepeatMode.MEAN, null))));
            }
        } else {
            notes.add(cellHash == null ? "no hash known for the cell, so no benchmark records"
                    : "hash " + cellHash + " is not in " + bench.source());
        }
        CellInfo.Benchmark records = new CellInfo.Benchmark(bench.source(), bench.format().name().toLowerCase(Locale.ROOT),
                bench.hasTestAccuracy(), bench.hasTestAccuracy() ? null : NO_TEST_ACCURACY, inBench ? bench.indexOf(cellHash) : null, epochs);

        CellInfo info = new CellInfo(cellHash, hashFrom, cellInfo, graphFrom, parameters, records, notes);
        PrintWriter w = spec.commandLine().getOut();
        w.println(info.toJson());
        w.flush();
        return 0;
    }

    private static String outsideSpace(CellSpec cell) {
        try {
            cell.checkInSpace();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** "0,1,0;0,0,1;0,0,0" or "[[0,1,0],[0,0,1],[0,0,0]]". */
    static int[][] parseMatrix(String text) {
        String t = text.trim();
        String[] rows;
        if (t.startsWith("[")) {
            t = t.replaceAll("\\s", "");
            if (!t.startsWith("[[") || !t.endsWith("]]")) throw new IllegalArgumentException("--matrix: not a JSON matrix like [[0,1],[0,0]]: " + text);
            rows = t.substring(2, t.length() - 2).split("\\],\\[", -1);
        } else {
            rows = t.split(";", -1);
        }
        int[][] m = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].trim().split("\\s*,\\s*|\\s+", -1);
            m[i] = new int[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    m[i][j] = Integer.parseInt(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--matrix: row " + i + " entry " + j + " is '" + cells[j] + "', not 0 or 1 (rows are separated by ';', entries by ',')");
                }
            }
        }
        return m;
    }

    /** NAS-Bench-101 op names, with the short forms conv3x3, conv1x1 and maxpool accepted. */
    static String opName(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "conv3x3" -> CellOp.CONV3X3.label();
            case "conv1x1" -> CellOp.CONV1X1.label();
            case "maxpool", "maxpool3x3" -> CellOp.MAXPOOL3X3.label();
            default -> t;
        };
    }
}
