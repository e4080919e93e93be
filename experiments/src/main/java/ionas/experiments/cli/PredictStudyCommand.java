package ionas.experiments.cli;

import ionas.experiments.figures.PredictorStudyFigures;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.data.GraphSources;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.predict.RegressorKind;
import ionas.nas.predict.encoding.AdjacencyEncoding;
import ionas.nas.predict.encoding.CellEncoding;
import ionas.nas.predict.encoding.ConcatenatedEncoding;
import ionas.nas.predict.encoding.EmbeddingFileEncoding;
import ionas.nas.predict.encoding.PathEncoding;
import ionas.nas.predict.encoding.ZeroCostEncoding;
import ionas.nas.predict.study.LabelledCells;
import ionas.nas.predict.study.PredictorBenchmark;
import ionas.nas.predict.study.PredictorResultsFile;
import ionas.nas.predict.study.PredictorTable;
import ionas.nn.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas predict study}: the performance-predictor benchmark, encodings x regressors x sizes x seeds. */
@Command(name = "study",
        description = {"The performance-predictor benchmark: every encoding x regressor x training size x seed on the",
            "validation accuracy of the benchmark's cells. A fit trains on N cells drawn with the seed and predicts",
            "all the others: RMSE, Pearson, Spearman, Kendall's tau, precision at the top 1%%, fit and query seconds.",
            "Each fit is a row of OUT/results.csv, so a rerun skips the finished ones; --shard i/n splits the grid",
            "(the shards may share OUT). Writes OUT/table.md, OUT/table.csv (mean and s.e. over the seeds) and",
            "OUT/" + PredictorStudyFigures.KENDALL + " (Kendall's tau against the training size)."})
public final class PredictStudyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--benchmark", paramLabel = "FILE", description = "Records with the accuracies (default: DATA/nasbench101/nb101-20k.json).")
    private Path benchmark;

    @Option(names = "--arch2vec", paramLabel = "FILE", description = "arch2vec embeddings (`ionas arch2vec embed`): adds the encoding arch2vec.")
    private Path arch2vec;

    @Option(names = "--io", paramLabel = "FILE", description = "The IO model's embeddings (`ionas io-model embed`): adds the encoding io.")
    private Path io;

    @Option(names = "--proxies", paramLabel = "FILE", description = {"A proxies.csv (`ionas proxies`): adds zero-cost, and EMB+zero-cost for each embedding given.",
                "Every encoding is then fitted and tested on the cells the file scored only."})
    private Path proxies;

    @Option(names = "--encodings", split = ",", paramLabel = "NAME",
            description = "Encodings to run, of adjacency, path and those the files above add (default: all of them).")
    private List<String> encodings;

    @Option(names = "--regressors", split = ",", defaultValue = "rf,gp-steady,gbt,mlp", paramLabel = "NAME",
            description = "Regressors: rf, gp (one-start search), gp-steady, gbt, mlp (default ${DEFAULT-VALUE}).")
    private List<String> regressors;

    @Option(names = "--sizes", split = ",", defaultValue = "10,25,50,100,250,1000",
            description = "Training sizes (default ${DEFAULT-VALUE}; add 10000 for the largest).")
    private List<Integer> sizes;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds 1..N (default ${DEFAULT-VALUE}).")
    private int seeds;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1", converter = Shard.Converter.class,
            description = "Do only grid items i, i+n, i+2n, ... (default ${DEFAULT-VALUE}: all).")
    private Shard shard;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/" + PredictorBenchmark.FOLDER, description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    /** The proxies of {@code --proxies}, read first: they decide the cells. */
    private ZeroCostEncoding zeroCost;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (seeds < 1) throw new ParameterException(spec.commandLine(), "--seeds must be at least 1, not " + seeds);
        List<RegressorKind> kinds = new ArrayList<>();
        for (String r : regressors) {
            try {
                kinds.add(RegressorKind.parse(r));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--regressors: " + e.getMessage());
            }
        }
        Path dataDir = GlobalOptions.of(spec).dataDir();
        NasBench bench = Nb101Records.load(benchmark, dataDir);
        double[] accuracy = bench.hashes().stream().mapToDouble(h -> bench.record(h).validationAccuracy()).toArray();
        LabelledCells cells = new LabelledCells(bench.hashes(), accuracy);
        zeroCost = proxies == null ? null : ZeroCostEncoding.read(proxies);
        List<CellEncoding> chosen = choose(available(bench, dataDir));
        if (zeroCost != null) { // the proxies exist for the cells scored only: every encoding is fitted and tested on those, so that the rows compare
            cells = cells.restrictedTo(zeroCost::covers);
            stdout.printf(Locale.ROOT, "every encoding on the %,d of %,d cells scored in %s: training and test cells are drawn from them%n",
                    cells.size(), bench.size(), zeroCost.source());
        }

        var grid = new PredictorBenchmark.Grid(chosen, kinds, sizes, IntStream.rangeClosed(1, seeds).boxed().toList(), shard.index(), shard.count());
        stdout.printf(Locale.ROOT, "predictor benchmark on %d cells of %s: encodings %s, regressors %s, sizes %s, %d seeds, shard %s of %d fits%n",
                cells.size(), bench.source(), chosen.stream().map(CellEncoding::name).toList(), kinds.stream().map(RegressorKind::shortName).toList(),
                sizes, seeds, shard, grid.fits());
        stdout.flush();
        long t0 = System.nanoTime();
        PredictorBenchmark.Outcome o;
        try {
            o = new PredictorBenchmark(cells, new PredictorResultsFile(out.resolve(PredictorResultsFile.FILE_NAME))).run(grid, GlobalOptions.stderr(spec).progress());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        stdout.printf(Locale.ROOT, "%d fits now, %d found done, %d left to other shards, %.1f s%n", o.fitted(), o.resumed(), o.otherShards(),
                (System.nanoTime() - t0) / 1e9);
        PredictorTable table = PredictorTable.of(o.results());
        AtomicFiles.writeString(out.resolve(PredictorTable.MARKDOWN_FILE), table.markdown());
        AtomicFiles.writeString(out.resolve(PredictorTable.CSV_FILE), table.csv());
        Path fig = PredictorStudyFigures.writeKendall(out, table);
        stdout.print(table.markdown());
        stdout.printf(Locale.ROOT, "wrote %s, %s, %s%n", out.resolve(PredictorTable.MARKDOWN_FILE), out.resolve(PredictorTable.CSV_FILE), fig);
        return 0;
    }

    /** Every encoding the options make possible, by name, in the default order. */
    private Map<String, CellEncoding> available(NasBench bench, Path dataDir) throws Exception {
        Map<String, CellEncoding> all = new LinkedHashMap<>();
        GraphSources graphs = Nb101Records.graphSources(bench, null, dataDir, spec.commandLine().getErr());
        Function<String, CellSpec> graphOf = h -> {
            GraphSources.Found f = graphs.find(h);
            return f == null ? null : f.cell();
        };
        all.put("adjacency", AdjacencyEncoding.of(graphOf, graphs.describe()));
        all.put("path", PathEncoding.of(graphOf, graphs.describe()));
        List<CellEncoding> embeddings = new ArrayList<>();
        if (arch2vec != null) embeddings.add(EmbeddingFileEncoding.read("arch2vec", arch2vec));
        if (io != null) embeddings.add(EmbeddingFileEncoding.read("io", io));
        embeddings.forEach(e -> all.put(e.name(), e));
        if (zeroCost != null) {
            all.put(zeroCost.name(), zeroCost);
            for (CellEncoding e : embeddings) {
                CellEncoding both = new ConcatenatedEncoding(e, zeroCost);
                all.put(both.name(), both);
            }
        }
        return all;
    }

    private List<CellEncoding> choose(Map<String, CellEncoding> available) {
        if (encodings == null) return List.copyOf(available.values());
        List<CellEncoding> chosen = new ArrayList<>();
        for (String name : encodings) {
            CellEncoding e = available.get(name.trim());
            if (e == null)
                throw new ParameterException(spec.commandLine(), "--encodings: '" + name + "' is not available; with these options the encodings are "
                        + available.keySet() + " (arch2vec, io and zero-cost need --arch2vec, --io and --proxies)");
            chosen.add(e);
        }
        return chosen;
    }
}
