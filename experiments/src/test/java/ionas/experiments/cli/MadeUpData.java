package ionas.experiments.cli;

import ionas.nas.nb101.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A made-up data folder for runs of the whole pipeline without a download: CIFAR-10 files of random
 * images in the official layout (1,200 a batch: the paper's split holds out 6,000 / 50 = 120, enough
 * for the tiny preset's 100 seen images with {@code --cifar-any-size}) and benchmark records for
 * every cell of at most 5 vertices. Seeded: every call writes the same bytes. ReproduceCommandTest
 * uses it, and tests/slurm/run.sh runs it as a program against the jar:
 *
 * <pre>java -cp experiments/target/ionas.jar experiments/src/test/java/ionas/experiments/cli/MadeUpData.java DIR</pre>
 */
public final class MadeUpData {
    /** The space the records cover: run the pipeline on it with {@code --max-vertices 5}. */
    public static final int MAX_VERTICES = 5;

    private MadeUpData() {}

    /** Writes the folder and returns it. */
    public static Path write(Path dir) throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Random r = new Random(9);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[1200 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 1200; i++) b[i * 3073] = (byte) (i % 10);
            Files.write(cifar.resolve(name + ".bin"), b);
        }
        SearchSpace space = SearchSpace.enumerate(MAX_VERTICES, 1, SearchSpace.Progress.NONE);
        StringBuilder keys = new StringBuilder(), acc = new StringBuilder(), time = new StringBuilder(), params = new StringBuilder();
        for (int i = 0; i < space.size(); i++) {
            String sep = i == 0 ? "" : ",";
            keys.append(sep).append('"').append(space.hash(i)).append('"');
            acc.append(sep).append(0.85 + 0.1 * r.nextDouble());
            time.append(sep).append(1000 + r.nextInt(2000));
            params.append(sep).append(1000);
        }
        Path nb = Files.createDirectories(dir.resolve("nasbench101"));
        Files.writeString(nb.resolve("nb101-20k.json"), "{\"key\": [" + keys + "], \"108_final_validation_accuracy\": [" + acc
                + "], \"final_training_time\": [" + time + "], \"trainable_parameters\": [" + params + "]}");
        return dir;
    }

    /**
     * Writes NAS-Bench-201 records of all its 15,625 cells, with made-up validation accuracies, at
     * {@code dir/nasbench201/nb201-val.json}, and returns {@code dir}.
     */
    public static Path writeNb201(Path dir) throws IOException {
        Random r = new Random(201);
        StringBuilder json = new StringBuilder("{\"source\": \"made up\", \"cells\": [");
        for (int i = 0; i < ionas.nas.nb201.Nb201Cell.SPACE_SIZE; i++)
            json.append(i == 0 ? "" : ",").append("{\"index\": ").append(i).append(", \"arch\": \"").append(ionas.nas.nb201.Nb201Cell.ofOrdinal(i))
                    .append("\", \"val_acc\": {\"cifar10\": ").append(70 + 20 * r.nextDouble()).append(", \"cifar100\": ").append(60 * r.nextDouble())
                    .append(", \"ImageNet16-120\": ").append(40 * r.nextDouble()).append("}}");
        Files.writeString(Files.createDirectories(dir.resolve("nasbench201")).resolve("nb201-val.json"), json.append("]}"));
        return dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: MadeUpData DIR");
        write(Path.of(args[0]));
    }
}
