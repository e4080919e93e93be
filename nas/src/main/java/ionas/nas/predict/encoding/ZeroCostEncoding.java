package ionas.nas.predict.encoding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The zero-cost vector of a cell: its nine proxies from a {@code proxies.csv} as
 * {@code ionas proxies} writes it (header
 * {@code hash,params,flops,grad_norm,snip,grasp,fisher,synflow,jacob_cov,nwot,seconds}; the
 * {@code seconds} column is the cost, not a feature, and is left out).
 *
 * <p>Transform, so that no proxy's scale swamps the others: {@code ln} of params and flops (both
 * positive counts spanning orders of magnitude), {@code sign(v) ln(1 + |v|)} of the other seven
 * (they range over tens of orders of magnitude, synflow in particular, and grasp can be
 * negative); then the study standardises each feature with the training cells' mean and standard
 * deviation ({@link #standardisedOnTraining()}). A value that is not finite (a proxy that failed on
 * a cell) stays NaN here and becomes the training mean, 0, after standardisation.
 */
public final class ZeroCostEncoding implements CellEncoding {
    /** The proxy columns used as features, in this order. */
    public static final List<String> PROXIES = List.of("params", "flops", "grad_norm", "snip", "grasp", "fisher", "synflow", "jacob_cov", "nwot");

    private static final int LOG_COLUMNS = 2; // params and flops

    private final String source;
    private final Map<String, double[]> vectors;

    private ZeroCostEncoding(String source, Map<String, double[]> vectors) {
        this.source = source;
        this.vectors = vectors;
    }

    /** Reads {@code file}, with an error naming the line of anything that is not a proxies table. */
    public static ZeroCostEncoding read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no zero-cost proxies file " + file + " (make it with `ionas proxies`)");
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) throw new IllegalArgumentException(file + " is empty, not a proxies table");
        List<String> header = Arrays.stream(lines.getFirst().split(",", -1)).map(String::trim).toList();
        int hashColumn = header.indexOf("hash");
        int[] columns = PROXIES.stream().mapToInt(header::indexOf).toArray();
        List<String> absent = PROXIES.stream().filter(p -> !header.contains(p)).toList();
        if (hashColumn < 0 || !absent.isEmpty())
            throw new IllegalArgumentException(file + ": the header lacks " + (hashColumn < 0 ? "hash " : "") + absent + "; expected hash," + String.join(",", PROXIES)
                    + ",seconds");
        Map<String, double[]> vectors = new HashMap<>();
        for (int l = 1; l < lines.size(); l++) {
            if (lines.get(l).isBlank()) continue;
            String[] cells = lines.get(l).split(",", -1);
            if (cells.length != header.size())
                throw new IllegalArgumentException(file + " line " + (l + 1) + ": " + cells.length + " fields for the header's " + header.size());
            double[] v = new double[PROXIES.size()];
            for (int p = 0; p < v.length; p++) {
                try {
                    v[p] = transform(p, parse(cells[columns[p]]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + (l + 1) + ": " + PROXIES.get(p) + " is '" + cells[columns[p]] + "', not a number");
                }
            }
            vectors.put(cells[hashColumn].trim(), v);
        }
        return new ZeroCostEncoding(file.toString(), vectors);
    }

    // Java's spelling (NaN, Infinity) and NumPy's (nan, inf), for files written by either
    private static double parse(String field) {
        String f = field.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(f);
        };
    }

    /** The transformed value of proxy {@code index} of {@link #PROXIES} (see the class comment). */
    static double transform(int index, double v) {
        if (!Double.isFinite(v)) return Double.NaN;
        if (index < LOG_COLUMNS) return v > 0 ? Math.log(v) : Double.NaN;
        return Math.signum(v) * Math.log1p(Math.abs(v));
    }

    @Override
    public String name() {
        return "zero-cost";
    }

    /** Whether the file scored the cell {@code hash}. */
    public boolean covers(String hash) {
        return vectors.containsKey(hash);
    }

    /** How many cells the file scored. */
    public int size() {
        return vectors.size();
    }

    /** The file the vectors were read from. */
    public String source() {
        return source;
    }

    @Override
    public double[][] encode(List<String> hashes) {
        MissingCells.check(source, hashes, vectors::containsKey);
        return hashes.stream().map(h -> vectors.get(h).clone()).toArray(double[][]::new);
    }

    @Override
    public boolean standardisedOnTraining() {
        return true;
    }
}
