package ionas.benchmarks;

import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Space;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes arch2vec's encodings of the whole enumerated space as raw little-endian float32 files
 * ({@code adj.f32}: N x 7 x 7, {@code ops.f32}: N x 7 x 5, in the space's order), so that
 * {@code benchmarks/pytorch/arch2vec_reference.py} can train PyTorch's arch2vec on exactly the
 * cells ionas trains on.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     ionas.benchmarks.ExportArch2VecData runs/cache/nb101-space.bin OUT_DIR
 * </pre>
 */
public final class ExportArch2VecData {
    private ExportArch2VecData() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExportArch2VecData SPACE_CACHE OUT_DIR   (the cache: ./ionas nb101 enumerate)");
            System.exit(2);
        }
        Arch2VecDataset d = Arch2VecDataset.of(new Nb101Space(SearchSpace.read(Path.of(args[0]))));
        Path out = Files.createDirectories(Path.of(args[1]));
        int n = d.size();
        ByteBuffer adj = ByteBuffer.allocate(n * d.layout().adjacencySize() * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ops = ByteBuffer.allocate(n * d.layout().opsSize() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (float f : d.adjacency(i)) adj.putFloat(f);
            for (float f : d.ops(i)) ops.putFloat(f);
        }
        Files.write(out.resolve("adj.f32"), adj.array());
        Files.write(out.resolve("ops.f32"), ops.array());
        System.out.println(n + " cells written to " + out);
    }
}
