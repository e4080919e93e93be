package ionas.experiments.cli;

import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.training.ResumableTraining;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas arch2vec embed}: the 16-d arch2vec embedding of every cell (spec 3.8). */
@Command(name = "embed",
        description = {"Embed every cell of the space with a trained arch2vec encoder: the mean over the nodes (7 on",
            "NAS-Bench-101, 8 on NAS-Bench-201) of mu in evaluation mode. Writes a safetensors file: embeddings (N,16)",
            "and the cell keys in order (NAS-Bench-201: architecture strings, in the records' index order)."})
public final class Arch2VecEmbedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SpaceOption spaceOption;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "The trained model (default runs/arch2vec/checkpoint.safetensors; runs/arch2vec-nb201/... with --space nb201).")
    private Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The embeddings file (default runs/arch2vec/embeddings.safetensors; runs/arch2vec-nb201/... with --space nb201).")
    private Path out;

    @Option(names = "--pooling", defaultValue = "mean",
            description = "mean of the node vectors (arch2vec's code, default) or sum (its paper).")
    private String pooling;

    @Mixin
    private EmbeddedCells embedded;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "Embed the space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space).")
    private int maxVertices;

    @Override
    public Integer call() throws Exception {
        SpaceName spaceName = spaceOption.of(spec);
        Path folder = Path.of(spaceName == SpaceName.NB201 ? "runs/arch2vec-nb201" : "runs/arch2vec");
        Path checkpoint = this.checkpoint != null ? this.checkpoint : folder.resolve(Arch2VecTrainer.CHECKPOINT);
        Path out = this.out != null ? this.out : folder.resolve("embeddings.safetensors");
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        if (spaceName == SpaceName.NB201 && maxVertices != CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices is for NAS-Bench-101");
        if (!Files.exists(checkpoint))
            throw new ParameterException(spec.commandLine(), "no checkpoint at " + checkpoint + " (run ./ionas arch2vec train first)");
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path kept = Arch2VecTrainer.kept(checkpoint); // a run trained with --keep best embeds its best epoch, not its last
        if (!kept.equals(checkpoint)) {
            if (!Files.exists(kept)) throw new ParameterException(spec.commandLine(), checkpoint + " is of a run that keeps its best epoch, but " + kept
                    + " is missing (has the run finished an epoch?)");
            stdout.printf(Locale.ROOT, "%s was trained with --keep best: embedding its kept model, %s%n", checkpoint, kept);
        }
        Arch2VecTrainer.Trained trained = Arch2VecTrainer.load(kept); // shaped as its encoder
        Arch2Vec model = trained.model();
        // before the cells are built: NAS-Bench-101's take a minute to enumerate
        if (!spaceName.layout().equals(model.layout()))
            throw new ParameterException(spec.commandLine(), kept + " was trained on graphs of " + model.layout().name() + " (vertices x labels), "
                    + spaceName.title() + "'s are " + spaceName.layout().name() + ": give the --space it was trained on");
        var meta = trained.metadata();
        Arch2VecEmbeddings.Pooling pool = switch (pooling) {
            case "mean" -> Arch2VecEmbeddings.Pooling.MEAN;
            case "sum" -> Arch2VecEmbeddings.Pooling.SUM;
            default -> throw new ParameterException(spec.commandLine(), "--pooling is mean or sum, not '" + pooling + "'");
        };
        EmbeddedCells.Selection cells = spaceName == SpaceName.NB201 ? embedded.ofNb201(GlobalOptions.of(spec).dataDir()) : nb101(err);
        Arch2VecEmbeddings e = Arch2VecEmbeddings.compute(model, cells.cells(), cells.hashes(), pool,
                GlobalOptions.stderr(spec).progress().withContext("of arch2vec after epoch " + meta.getOrDefault(ResumableTraining.EPOCHS_DONE, "?")));
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        e.write(out);
        stdout.printf(Locale.ROOT, "%d embeddings of dimension %d (model after epoch %s, %s of the nodes) written to %s in %.1f s%n", e.size(),
                e.dim(), meta.getOrDefault(ResumableTraining.EPOCHS_DONE, "?"), pooling, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private EmbeddedCells.Selection nb101(PrintWriter err) throws java.io.IOException {
        EnumerationLog spaceLog = new EnumerationLog(err);
        return embedded.of(Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn));
    }
}
