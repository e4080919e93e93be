package ionas.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.DecodingCeiling;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nn.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas arch2vec ceiling}: the share of cells no weights of arch2vec's encoder and decoder can decode identically. */
@Command(name = "ceiling",
        description = {"Over every cell of the space, as arch2vec pads and orders it: the share that no weights of arch2vec's",
            "GIN encoder and inner-product decoder can decode identically (vertices that colour refinement cannot tell",
            "apart share mu), and the highest per-entry adjacency accuracy any weights can reach. Exact, not sampled."})
public final class Arch2VecCeilingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "The space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space).")
    private int maxVertices;

    @Option(names = "--seed", defaultValue = "1", description = "The split whose held-out cells are also reported (default ${DEFAULT-VALUE}, arch2vec's).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the figures to this JSON file (the report reads <run>/arch2vec/" + DecodingCeiling.FILE + ").")
    private Path file;

    @Override
    public Integer call() throws Exception {
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        EnumerationLog spaceLog = new EnumerationLog(spec.commandLine().getErr());
        Arch2VecDataset data = Arch2VecDataset.of(Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn));
        DecodingCeiling.Result held = DecodingCeiling.over(data, data.split(seed).heldOut());
        DecodingCeiling.Result all = DecodingCeiling.over(data);
        out.printf(Locale.ROOT, "arch2vec's encoder (%d GIN layers over A + A^T, op one-hots, padding as zero rows) and decoder (sigmoid(z_i . z_j) > 0.5)%n",
                Arch2Vec.GIN_LAYERS);
        out.printf(Locale.ROOT, "held-out cells (split seed %d): %d of %d cannot be decoded identically (%.2f%%); identical decoding ceiling %.2f%%, "
                + "adjacency accuracy ceiling %.3f%%%n", seed, held.undecodable(), held.cells(), 100 * held.undecodableShare(),
                100 * held.identicalCeiling(), 100 * held.adjacencyCeiling());
        out.printf(Locale.ROOT, "all cells: %d have two non-adjacent real vertices of one colour; %d more fail only because two colour classes are "
                + "joined by some edges but not all%n", all.sameColourNonEdge(), all.undecodable() - all.sameColourNonEdge());
        out.printf(Locale.ROOT, "all cells: identical decoding ceiling %.2f%%, adjacency accuracy ceiling %.3f%% (%.1f s)%n", 100 * all.identicalCeiling(),
                100 * all.adjacencyCeiling(), (System.nanoTime() - t0) / 1e9);
        if (file != null) {
            ObjectNode json = JSON.createObjectNode();
            json.put("encoderLayers", Arch2Vec.GIN_LAYERS);
            json.put("splitSeed", seed);
            json.set("all", figures(all));
            json.set("heldOut", figures(held));
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, JSON.writeValueAsBytes(json));
        }
        out.printf(Locale.ROOT, "%d of %d cells cannot be decoded identically (%.2f%%)%n", all.undecodable(), all.cells(), 100 * all.undecodableShare());
        return 0;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static ObjectNode figures(DecodingCeiling.Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cells", r.cells());
        o.put("undecodable", r.undecodable());
        o.put("sameColourNonEdge", r.sameColourNonEdge());
        o.put("identicalCeiling", r.identicalCeiling());
        o.put("adjacencyCeiling", r.adjacencyCeiling());
        return o;
    }
}
