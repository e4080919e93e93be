package ionas.nas.predict.study;

import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's one results CSV, a row per {@link PredictorFit}. A row is added by rewriting the
 * file atomically under an exclusive lock on {@code FILE.lock}, so shards that share the file
 * (one process each) never lose each other's rows and an interrupted run leaves only whole rows.
 */
public final class PredictorResultsFile {
    /** The file's name in the study's folder. */
    public static final String FILE_NAME = "results.csv";

    /** The CSV header, in {@link PredictorFit}'s order. */
    public static final String HEADER = "encoding,regressor,train_size,seed,test_cells,rmse,pearson,spearman,kendall,precision_top1,fit_seconds,query_seconds";

    private final Path file;

    public PredictorResultsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Every fit in the file; none when it does not exist. */
    public List<PredictorFit> read() throws IOException {
        if (!Files.exists(file)) return List.of();
        return parse(Files.readString(file));
    }

    /** Adds {@code fit} to the file (see the class comment). */
    public void append(PredictorFit fit) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            String text = Files.exists(file) ? Files.readString(file) : HEADER + "\n";
            AtomicFiles.writeString(file, text + row(fit) + "\n");
        }
    }

    static String row(PredictorFit f) {
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.4f,%.4f", f.encoding(), f.regressor(), f.trainSize(), f.seed(),
                f.testCells(), f.rmse(), f.pearson(), f.spearman(), f.kendall(), f.precisionTop1(), f.fitSeconds(), f.querySeconds());
    }

    /** The fits of a results CSV's text, with an error naming the first line that is not a row of {@link #HEADER}. */
    List<PredictorFit> parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER))
            throw new IllegalArgumentException(file + " is not a predictor results file: its first line should be " + HEADER);
        List<PredictorFit> fits = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            String[] c = lines.get(l).split(",", -1);
            try {
                if (c.length != 12) throw new NumberFormatException(c.length + " fields, not 12");
                fits.add(new PredictorFit(c[0], c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4]),
                        Double.parseDouble(c[5]), Double.parseDouble(c[6]), Double.parseDouble(c[7]), Double.parseDouble(c[8]),
                        Double.parseDouble(c[9]), Double.parseDouble(c[10]), Double.parseDouble(c[11])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (l + 1) + " is not a results row (" + e.getMessage() + ")");
            }
        }
        return fits;
    }
}
