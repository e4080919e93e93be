package ionas.experiments.cli;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.iomodel.IoEmbeddings;
import ionas.nas.nb101.space.Nb101Space;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas io-model embed}: embeddings of the space from a semi-supervised run's epoch snapshot. */
@Command(name = "embed",
        description = {"Embed every cell with a semi-supervised run after a given epoch (the paper searches with the",
            "features after 10 and 30 epochs). --kind model: the extended model's VAE (mean of mu over the nodes,",
            "as arch2vec); reference: the plain arch2vec trained alongside; io: the graph branch's Linear(112->16)",
            "of the flattened mu (info-NAS's extract_infonas_embedding.py). Same file format as `arch2vec embed`."})
public final class IoModelEmbedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", defaultValue = "runs/io-model", description = "The io-model run folder (default ${DEFAULT-VALUE}).")
    private Path run;

    @Option(names = "--epoch", required = true, description = "Which epoch's snapshot (1-based).")
    private int epoch;

    @Option(names = "--kind", defaultValue = "MODEL", description = "model, reference or io (default ${DEFAULT-VALUE}).",
            converter = KindConverter.class)
    private IoEmbeddings.Kind kind;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The embeddings file to write.")
    private Path out;

    @Mixin
    private EmbeddedCells embedded;

    @Mixin
    private SpaceOption space;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7", description = "Embed the space of cells with at most N vertices (tests).")
    private int maxVertices;

    static final class KindConverter implements picocli.CommandLine.ITypeConverter<IoEmbeddings.Kind> {
        @Override
        public IoEmbeddings.Kind convert(String v) {
            try {
                return IoEmbeddings.Kind.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kind is model, reference or io, not '" + v + "'");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        String what = kind.name().toLowerCase(Locale.ROOT);
        EmbeddedCells.Selection cells;
        if (space.of(spec) == SpaceName.NB201) {
            cells = embedded.ofNb201(GlobalOptions.of(spec).dataDir());
        } else {
            EnumerationLog spaceLog = new EnumerationLog(err);
            cells = embedded.of(Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn));
        }
        Arch2VecEmbeddings e = IoEmbeddings.compute(run, epoch, kind, cells.cells(), cells.hashes(),
                GlobalOptions.stderr(spec).progress().withContext("(" + what + ") of io-model after epoch " + epoch));
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        e.write(out);
        stdout.printf(Locale.ROOT, "%d %s embeddings (epoch %d of %s) written to %s in %.1f s%n", e.size(), what,
                epoch, run, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
