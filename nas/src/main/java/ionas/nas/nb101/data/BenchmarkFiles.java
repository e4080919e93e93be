package ionas.nas.nb101.data;

import java.nio.file.Path;

/**
 * Where the NAS-Bench-101 record files lie in the data folder ({@code DATA/nasbench101/}): the
 * official {@code nasbench_only108.tfrecord} ({@code ionas data download} fetches it), and the
 * JSON record files {@code nb101-20k.json} (20,001 cells, the default records of the commands) and
 * {@code nb101-1k.json} (1,000 cells with their graphs).
 */
public final class BenchmarkFiles {
    /** The data folder's sub-folder for NAS-Bench-101. */
    public static final String FOLDER = "nasbench101";

    private BenchmarkFiles() {}

    /** {@code DATA/nasbench101/nb101-20k.json}: the records the commands read unless told otherwise. */
    public static Path records20k(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("nb101-20k.json");
    }

    /** {@code DATA/nasbench101/nb101-1k.json}: records with graphs, for hashes whose graph other records lack. */
    public static Path graphs1k(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("nb101-1k.json");
    }

    /** {@code DATA/nasbench101/nasbench_only108.tfrecord}: the official records, with test accuracies. */
    public static Path official(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("nasbench_only108.tfrecord");
    }
}
