package ionas.experiments.cli;

import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.nb101.CellSpec;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas arch2vec embed}: the 16-d arch2vec embedding of every cell (spec 3.8). */
@Command(name = "embed",
        description = {"Embed every cell of the space with a trained arch2vec encoder: the mean over the 7 nodes",
            "of mu in evaluation mode. Writes a safetensors file: embeddings (N,16) and the cell hashes in order."})
public final class Arch2VecEmbedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", defaultValue = "runs/arch2vec/checkpoint.safetensors",
            description = "The trained model (default ${DEFAULT-VALUE}).")
    private Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/arch2vec/embeddings.safetensors",
            description = "The embeddings file (default ${DEFAULT-VALUE}).")
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
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        if (!Files.exists(checkpoint))
            throw new ParameterException(spec.commandLine(), "no checkpoint at " + checkpoint + " (run ./ionas arch2vec train first)");
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Arch2VecTrainer.Trained trained = Arch2VecTrainer.load(checkpoint); // shaped as its encoder
        Arch2Vec model = trained.model();
        var meta = trained.metadata();
        EnumerationLog spaceLog = new EnumerationLog(err);
        Nb101Space space = Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn);
        Arch2VecEmbeddings.Pooling pool = switch (pooling) {
            case "mean" -> Arch2VecEmbeddings.Pooling.MEAN;
            case "sum" -> Arch2VecEmbeddings.Pooling.SUM;
            default -> throw new ParameterException(spec.commandLine(), "--pooling is mean or sum, not '" + pooling + "'");
        };
        EmbeddedCells.Selection cells = embedded.of(space);
        Arch2VecEmbeddings e = Arch2VecEmbeddings.compute(model, cells.cells(), cells.hashes(), pool,
                GlobalOptions.stderr(spec).progress().withContext("of arch2vec after epoch " + meta.getOrDefault("epochs_done", "?")));
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        e.write(out);
        stdout.printf(Locale.ROOT, "%d embeddings of dimension %d (model after epoch %s, %s of the nodes) written to %s in %.1f s%n", e.size(),
                e.dim(), meta.getOrDefault("epochs_done", "?"), pooling, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
