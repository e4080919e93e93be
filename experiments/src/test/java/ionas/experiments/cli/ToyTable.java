package ionas.experiments.cli;

import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small table for the search and prediction commands' tests. */
final class ToyTable {
    private ToyTable() {}

    /**
     * Writes {@code dir/toy.safetensors}, random 16-dimensional embeddings of the cells with at
     * most 5 vertices, and {@code dir/bench.json}, records in the 20k JSON layout for every other
     * one of them, whose accuracy is a smooth function of the first two embedding features.
     */
    static void write(Path dir) throws IOException {
        SearchSpace space = SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE);
        Random r = new Random(4);
        float[] e = new float[space.size() * 16];
        for (int i = 0; i < e.length; i++) e[i] = (float) r.nextGaussian();
        new Arch2VecEmbeddings(space.hashes(), e, 16).write(dir.resolve("toy.safetensors"));
        StringBuilder keys = new StringBuilder(), acc = new StringBuilder(), time = new StringBuilder(), params = new StringBuilder();
        for (int i = 0; i < space.size(); i += 2) {
            String sep = keys.isEmpty() ? "" : ",";
            keys.append(sep).append('"').append(space.hash(i)).append('"');
            acc.append(sep).append(0.8 + 0.15 * Math.tanh(e[i * 16] + 0.5 * e[i * 16 + 1]));
            time.append(sep).append(1000 + r.nextInt(2000));
            params.append(sep).append(1000);
        }
        Files.writeString(dir.resolve("bench.json"), "{\"key\": [" + keys + "], \"108_final_validation_accuracy\": [" + acc
                + "], \"final_training_time\": [" + time + "], \"trainable_parameters\": [" + params + "]}");
    }
}
