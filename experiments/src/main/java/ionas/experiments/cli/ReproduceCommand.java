package ionas.experiments.cli;

import ionas.experiments.progress.ProgressMode;
import ionas.experiments.report.ModelSeed;
import ionas.experiments.report.ReportWriter;
import ionas.experiments.report.RunSettings;
import ionas.experiments.report.Setting;
import ionas.nas.arch2vec.DecodingCeiling;
import ionas.nas.search.SearchAlgorithm;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ionas reproduce}: the whole paper in one command. Each step is an ordinary ionas command
 * line, printed before it runs so that a user can rerun or shard any step alone; every step skips
 * what is already done, so rerunning after a kill continues where it stopped. {@code --step} runs
 * one step alone (with {@code --shard}, one task of a job array), which is how a cluster runs the
 * chain (docs/cluster/slurm.sh): the same command lines, so the same files and the same report.
 */
@Command(name = "reproduce",
        description = {"Reproduce the paper in one command and write report/ (HTML and Markdown).",
            "Runs the whole pipeline: pretrain networks, build the IO dataset, train arch2vec and the extended",
            "model, embed the space, search (REINFORCE, baselines) and predict performance on every embedding,",
            "then write the report with every figure and each number beside the paper's. Steps already done are",
            "skipped; a killed run continues where it stopped. Presets: quick (the default: the paper's effects in",
            "under 10 minutes on 2 cores), tiny (the pipeline in a minute, numbers not meant to match), small (a CPU",
            "afternoon), paper (the full run, for a GPU or a cluster: see docs/cluster.md). On a cluster, --step runs one",
            "step as a job (--shard i/n: a job-array task of it), and a last run without --step writes the report.",
            "--space nb201: the same chain on NAS-Bench-201 (docs/nb201.md), its report in report-nb201/."})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--preset", defaultValue = ReproducePreset.DEFAULT,
            description = "quick (the paper's effects in under 10 minutes on 2 cores), tiny (a minute: the pipeline only), small, paper (default ${DEFAULT-VALUE}).")
    private String preset;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the steps write (default runs/PRESET; runs/nb201-PRESET with --space nb201).")
    private Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "The report folder (default report; report-nb201 with --space nb201).")
    private Path report;

    @Option(names = "--benchmark", paramLabel = "FILE",
            description = {"Records for search and prediction (default: DATA/nasbench101/nb101-20k.json; the official tfrecord covers the whole space;",
                "--space nb201: DATA/nasbench201/nb201-val.json, whose cells arch2vec also trains on)."})
    private Path benchmark;

    @Mixin
    private SpaceOption spaceOption;

    /** Passed to the steps that train or run networks: pretrain, io-dataset build, arch2vec train, io-model train. */
    @Mixin
    private DeviceOption device;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7", hidden = true, description = "A smaller space, for tests.")
    private int maxVertices;

    @Option(names = "--step", paramLabel = "NAME",
            description = {"Run only this step, as a cluster job does (docs/cluster.md), and write no report: space, pretrain,",
                "io-dataset, arch2vec, io-model, search or predict. A last run without --step finds the steps done and writes the report."})
    private String onlyStep;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class,
            description = {"With --step pretrain, io-dataset or search: only the items whose index modulo n is i (a job-array task);",
                "with --step io-model: only the seeds of --model-seeds whose index (seed - 1) modulo n is i."})
    private Shard shard;

    @Option(names = "--model-seeds", paramLabel = "K", defaultValue = "1",
            description = {"Train the extended model (and its reference arch2vec) with seeds 1..K, search and predict on every seed's",
                "embeddings, and pool the seeds in the report with an interval over them (default ${DEFAULT-VALUE}: one seed).",
                "Seed 1 keeps io-model/ and its labels; seed S trains in io-model-seedS/, its labels end in -seedS."})
    private int modelSeeds;

    /** The one step to run (null: all of them and the report), from {@code --step}. */
    private ReproduceStep only;

    private final List<String> ran = new ArrayList<>();

    /** The report's setting of {@code --model-seeds}, present only above one seed. */
    static final String MODEL_SEEDS = "modelSeeds";

    @Override
    public Integer call() throws Exception {
        ReproducePreset p = OptionValues.parse(spec, ReproducePreset::of, preset);
        only = onlyStep == null ? null : OptionValues.parse(spec, ReproduceStep::of, onlyStep);
        if (modelSeeds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--model-seeds is at least 1, not " + modelSeeds);
        List<ModelSeed> seeds = ModelSeed.first(modelSeeds);
        if (shard != null && (only == null || !only.shardable))
            throw new CommandLine.ParameterException(spec.commandLine(), "--shard splits one step for a job array: give it with --step "
                    + String.join(", ", ReproduceStep.shardableLabels()) + (only == null ? "" : ", not --step " + only.label()));
        String onDevice = device.usable().toString(); // an unusable device stops the pipeline before its first step
        PrintWriter stdout = spec.commandLine().getOut();
        Path data = GlobalOptions.of(spec).dataDir();
        SpaceName space = spaceOption.of(spec);
        Path dir = out != null ? out : Path.of("runs", (space == SpaceName.NB201 ? "nb201-" : "") + p.name());
        if (space == SpaceName.NB201 && maxVertices != ionas.nas.nb101.CellSpec.MAX_VERTICES)
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-vertices sizes NAS-Bench-101's space; NAS-Bench-201 has one size");
        Path bench = SearchTables.benchmark(space, benchmark, data);
        long t0 = System.nanoTime();

        Map<String, Path> embeddings = space == SpaceName.NB201 ? nb201Chain(p, dir, bench, onDevice, seeds) : nb101Chain(p, dir, bench, onDevice, seeds);
        List<String> onSpace = space == SpaceName.NB201 ? List.of("--space", "nb201") : List.of();
        boolean first = true;
        for (var e : embeddings.entrySet()) {
            // random search and evolution never look at the embedding: they run once, beside the first one
            List<String> algorithms = first ? p.algorithms() : p.algorithms().stream().filter(SearchAlgorithm::usesEmbeddings).toList();
            first = false;
            step(ReproduceStep.SEARCH, "search on " + e.getKey(), with(onSpace, "search", "--embeddings", e.getValue().toString(), "--benchmark", bench.toString(),
                    "--label", e.getKey(), "--algorithms", String.join(",", algorithms), "--runs", Integer.toString(p.searchRuns()), "--out",
                    dir.resolve("search").toString()));
            step(ReproduceStep.PREDICT, "prediction on " + e.getKey(), with(onSpace, "predict", "--embeddings", e.getValue().toString(), "--benchmark",
                    bench.toString(), "--label", e.getKey(), "--sizes", join(p.predictSizes()), "--seeds", Integer.toString(p.predictSeeds()), "--out",
                    dir.resolve("predict").toString()));
        }

        if (only != null) {
            stdout.printf(Locale.ROOT, "reproduce --preset %s --step %s%s done in %.0f s%n", p.name(), only.label(),
                    shard == null ? "" : " --shard " + shard, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("device", onDevice);
        machine.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        List<Setting> presetSettings = new ArrayList<>(p.settings());
        // a one-seed run's settings stay as they were
        if (seeds.size() > 1) presetSettings.add(new Setting(MODEL_SEEDS, "seeds of the extended model (io-model train --seed), pooled in the report",
                Integer.toString(seeds.size())));
        var settings = new RunSettings(p.name(), presetSettings, data, bench, Main.projectVersion(), ran, machine);
        Path reportDir = report != null ? report : Path.of(space == SpaceName.NB201 ? "report-nb201" : "report");
        var r = space == SpaceName.NB201 ? ReportWriter.writeNb201(dir, reportDir, settings) : ReportWriter.write(dir, reportDir, settings);
        stdout.printf(Locale.ROOT, "reproduce --preset %s done in %.0f s; report: %s and %s (%d figures)%s%n", p.name(), (System.nanoTime() - t0) / 1e9,
                r.markdown(), r.html(), r.figures().size(), r.missing().isEmpty() ? "" : "; not run: " + String.join(", ", r.missing()));
        r.summary().terminalLines().forEach(stdout::println);
        return 0;
    }

    /**
     * NAS-Bench-101's steps up to the embeddings: the space, pretraining, the IO dataset, arch2vec and
     * its decoding ceiling, the extended model, the embeddings and the latent-space figures.
     *
     * @return the embeddings to search and predict on, by label
     */
    private Map<String, Path> nb101Chain(ReproducePreset p, Path dir, Path bench, String onDevice, List<ModelSeed> seeds) {
        // every later step reads the space: enumerated and cached once here (seconds), or by the first job of a cluster
        // chain; the smaller test spaces are never cached, each step enumerates its own in milliseconds
        if (maxVertices == ionas.nas.nb101.CellSpec.MAX_VERTICES) step(ReproduceStep.SPACE, "space", "nb101", "enumerate");
        pretrainAndIoDataset(p, dir, onDevice, List.of());
        trainArch2vec(p, dir, onDevice, List.of());
        step(ReproduceStep.ARCH2VEC, "arch2vec's decoding ceiling", "arch2vec", "ceiling", "--out", dir.resolve("arch2vec").resolve(DecodingCeiling.FILE).toString());
        Map<String, Path> embeddings = embed(p, dir, bench, onDevice, List.of(), seeds);
        List<String> latent = new ArrayList<>(List.of("latent-space figures", "arch2vec", "latent", "--benchmark", bench.toString(), "--cells", "1000",
                "--pairs", "20000", "--out", dir.resolve("arch2vec").toString()));
        // the first seed's embeddings only: a figure per seed would say little more at the cost of a t-SNE each
        embeddings.forEach((label, file) -> {
            if (ModelSeed.of(label).seed().isFirst()) latent.addAll(List.of("--embeddings", label + "=" + file));
        });
        // after every embedding exists, so in the job that predicts and writes the report
        step(ReproduceStep.PREDICT, latent.getFirst(), latent.subList(1, latent.size()).toArray(String[]::new));
        return embeddings;
    }

    /**
     * NAS-Bench-201's steps up to the embeddings, the same commands with {@code --space nb201}:
     * pretraining its networks, the IO dataset, arch2vec on its 15,625 cells, the extended model and
     * the embeddings. Not run here: the space enumeration (the records list the cells), arch2vec's
     * decoding ceiling and the latent-space figures (NAS-Bench-101's).
     */
    private Map<String, Path> nb201Chain(ReproducePreset p, Path dir, Path bench, String onDevice, List<ModelSeed> seeds) {
        List<String> onSpace = List.of("--space", "nb201");
        pretrainAndIoDataset(p, dir, onDevice, onSpace);
        // arch2vec trains on the records' cells here: NAS-Bench-201 has no enumerated space to read
        List<String> onRecords = new ArrayList<>(onSpace);
        onRecords.addAll(List.of("--benchmark", bench.toString()));
        trainArch2vec(p, dir, onDevice, onRecords);
        return embed(p, dir, bench, onDevice, onSpace, seeds);
    }

    /** arch2vec's training, with {@code before} (the space's options, or none) ahead of the preset's. */
    private void trainArch2vec(ReproducePreset p, Path dir, String onDevice, List<String> before) {
        step(ReproduceStep.ARCH2VEC, "arch2vec", with(before, "arch2vec", "train", "--epochs", Integer.toString(p.arch2vecEpochs()), "--limit",
                Integer.toString(p.arch2vecLimit()), "--samples", Integer.toString(p.samples()), "--out", dir.resolve("arch2vec").toString(),
                "--device", onDevice));
    }

    /** Pretraining the preset's networks and the IO dataset built from them ({@code onSpace}: the space's option, or none). */
    private void pretrainAndIoDataset(ReproducePreset p, Path dir, String onDevice, List<String> onSpace) {
        step(ReproduceStep.PRETRAIN, "pretrain", with(onSpace, "pretrain", "--select", p.trainNetworks() + "," + p.validationNetworks(), "--preset",
                p.pretrain(), "--out", dir.resolve("pretrain").toString(), "--device", onDevice));
        // the IO dataset reads the space from the networks' metrics
        step(ReproduceStep.IO_DATASET, "IO dataset", "io-dataset", "build", "--pretrained", dir.resolve("pretrain").toString(), "--out",
                dir.resolve("io-dataset").toString(), "--seen-images", Integer.toString(p.seenImages()), "--unseen-images", Integer.toString(p.unseenImages()),
                "--device", onDevice);
    }

    /**
     * arch2vec's embeddings, the extended model (which reads the space from the IO dataset) for each
     * seed, and its own and its reference arch2vec's embeddings after each of the preset's epochs.
     * With {@code --step io-model --shard i/n} only the shard's seeds train and embed.
     *
     * @return the embedding files by label, arch2vec's first, then each seed's
     */
    private Map<String, Path> embed(ReproducePreset p, Path dir, Path bench, String onDevice, List<String> onSpace, List<ModelSeed> seeds) {
        Map<String, Path> embeddings = new LinkedHashMap<>();
        Path emb = dir.resolve("embeddings");
        Path arch2vec = emb.resolve("arch2vec-" + p.arch2vecEpochs() + "ep.safetensors");
        embeddings.put("arch2vec-" + p.arch2vecEpochs() + "ep", arch2vec);
        step(ReproduceStep.ARCH2VEC, arch2vec, "arch2vec embeddings", with(onSpace, "arch2vec", "embed", "--checkpoint",
                dir.resolve("arch2vec/checkpoint.safetensors").toString(), "--benchmark", bench.toString(), "--out", arch2vec.toString()));
        for (int i = 0; i < seeds.size(); i++) {
            ModelSeed seed = seeds.get(i);
            boolean ours = only != ReproduceStep.IO_MODEL || shard == null || shard.owns(i);
            Path run = dir.resolve(seed.name("io-model"));
            List<String> train = new ArrayList<>(List.of("io-model", "train", "--io", dir.resolve("io-dataset").toString(), "--out", run.toString(),
                    "--preset", p.ioModel(), "--device", onDevice));
            if (!seed.isFirst()) train.addAll(List.of("--seed", Long.toString(seed.seed()))); // the first seed's line is a one-seed run's
            if (ours) step(ReproduceStep.IO_MODEL, seed.isFirst() ? "extended model" : "extended model, seed " + seed.seed(), train.toArray(String[]::new));
            for (int e : p.embedEpochs())
                for (String kind : List.of("model", "reference")) {
                    String label = seed.name((kind.equals("model") ? "io-model" : "reference-arch2vec") + "-" + e + "ep");
                    Path f = emb.resolve(label + ".safetensors");
                    embeddings.put(label, f);
                    if (ours) step(ReproduceStep.IO_MODEL, f, "embeddings " + label, with(onSpace, "io-model", "embed", "--run", run.toString(), "--epoch",
                            Integer.toString(e), "--kind", kind, "--benchmark", bench.toString(), "--out", f.toString()));
                }
        }
        return embeddings;
    }

    /** A command line: {@code command}'s first word (and its subcommand), then {@code onSpace}, then the rest. */
    private static String[] with(List<String> onSpace, String... command) {
        if (onSpace.isEmpty()) return command;
        // picocli takes a subcommand's options after its name: "arch2vec embed --space nb201 ...", "search --space nb201 ..."
        int name = command.length > 1 && !command[1].startsWith("--") ? 2 : 1;
        List<String> line = new ArrayList<>(List.of(command).subList(0, name));
        line.addAll(onSpace);
        line.addAll(List.of(command).subList(name, command.length));
        return line.toArray(String[]::new);
    }

    /** Steps that read the space get the smaller test space too; the full space is their default. */
    private static final java.util.Set<String> SPACE_STEPS = java.util.Set.of("pretrain", "arch2vec", "io-model");

    /**
     * Runs one ionas command line of {@code step} with this command's streams and global options, or
     * nothing when {@code --step} names another step; with {@code --shard} the command gets it too.
     * A failure stops the pipeline.
     */
    private void step(ReproduceStep step, String what, String... args) {
        step(step, null, what, args);
    }

    /**
     * {@link #step(ReproduceStep, String, String...)} for a command that does not skip finished work
     * itself (embedding a space): it runs only when {@code output} does not exist yet. Either way its
     * line is one of the run's commands, so that a report says the same however often the run was resumed.
     */
    private void step(ReproduceStep step, Path output, String what, String... args) {
        if (only != null && only != step) return;
        if (shard != null && step.commandTakesShard) {
            args = java.util.Arrays.copyOf(args, args.length + 2);
            args[args.length - 2] = "--shard";
            args[args.length - 1] = shard.toString();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> line = new ArrayList<>();
        line.add("--data");
        line.add(GlobalOptions.of(spec).dataDir().toString());
        if (GlobalOptions.of(spec).verbose()) line.add("--verbose");
        if (GlobalOptions.of(spec).cifarAnySize()) line.add("--cifar-any-size");
        ProgressMode progress = GlobalOptions.of(spec).progressMode();
        if (progress != ProgressMode.AUTO) line.addAll(List.of("--progress", progress.name().toLowerCase(Locale.ROOT)));
        line.addAll(List.of(args));
        if (maxVertices != ionas.nas.nb101.CellSpec.MAX_VERTICES && SPACE_STEPS.contains(args[0])) line.addAll(List.of("--max-vertices", Integer.toString(maxVertices)));
        String shown = "ionas " + String.join(" ", line);
        ran.add(shown);
        stdout.printf(Locale.ROOT, "%n== %s: %s%n", what, shown);
        if (output != null && Files.exists(output)) {
            stdout.printf(Locale.ROOT, "already done: %s exists%n", output);
            return;
        }
        stdout.flush();
        CommandLine cl = Main.commandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        int code = cl.execute(line.toArray(String[]::new));
        if (code != 0)
            throw new IllegalStateException("step '" + what + "' failed (exit code " + code + "); fix the problem above and run `ionas reproduce --preset "
                    + preset + "` again: finished steps are skipped");
    }

    private static String join(List<Integer> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }
}
