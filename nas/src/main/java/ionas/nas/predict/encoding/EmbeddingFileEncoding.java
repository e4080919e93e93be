package ionas.nas.predict.encoding;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learned embeddings read from a file in the format {@code ionas arch2vec embed} and
 * {@code ionas io-model embed} write ({@link Arch2VecEmbeddings}): arch2vec's or the IO model's
 * vector of each cell, used as they are.
 */
public final class EmbeddingFileEncoding implements CellEncoding {
    private final String name;
    private final String source;
    private final Arch2VecEmbeddings embeddings;
    private final Map<String, Integer> rowOf = new HashMap<>();

    /**
     * @param name what results call this encoding, e.g. {@code arch2vec}
     * @param source what the error for unknown hashes calls the embeddings (their file)
     */
    public EmbeddingFileEncoding(String name, String source, Arch2VecEmbeddings embeddings) {
        this.name = name;
        this.source = source;
        this.embeddings = embeddings;
        for (int i = 0; i < embeddings.size(); i++) rowOf.put(embeddings.hashes().get(i), i);
    }

    /** The embeddings in {@code file}. */
    public static EmbeddingFileEncoding read(String name, Path file) throws IOException {
        return new EmbeddingFileEncoding(name, file.toString(), Arch2VecEmbeddings.read(file));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[][] encode(List<String> hashes) {
        MissingCells.check(source, hashes, rowOf::containsKey);
        double[][] x = new double[hashes.size()][];
        for (int k = 0; k < x.length; k++) {
            float[] e = embeddings.get(rowOf.get(hashes.get(k)));
            x[k] = new double[e.length];
            for (int d = 0; d < e.length; d++) x[k][d] = e[d];
        }
        return x;
    }
}
