package ionas.experiments.cli;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code ionas arch2vec ...}: arch2vec's graph autoencoder, pre-training and embeddings. */
@Command(name = "arch2vec",
        description = "arch2vec: pre-train the graph VAE on the NAS-Bench-101 space, and embed the space.",
        subcommands = {Arch2VecTrainCommand.class, Arch2VecEmbedCommand.class})
public final class Arch2VecCommand extends CommandGroup {
    /** The full space (cached), or for quick runs the space of cells with at most {@code maxVertices} vertices. */
    static SearchSpace space(int maxVertices, PrintWriter err) throws IOException {
        if (maxVertices == CellSpec.MAX_VERTICES) return Nb101EnumerateCommand.loadSpace(err);
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new IllegalArgumentException("--max-vertices must be 2.." + CellSpec.MAX_VERTICES + ", got " + maxVertices);
        return SearchSpace.enumerate(maxVertices, Runtime.getRuntime().availableProcessors(), SearchSpace.Progress.NONE);
    }
}
