package ionas.nas.proxies;

import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code proxies.csv}: a cell's hash, its score under each proxy in
 * {@link Proxies#ALL}'s order (NaN where not computed) and the seconds its scores took.
 */
public record ProxyRow(String hash, double[] scores, double seconds) {
    /** The file's header: hash, every proxy, seconds. */
    public static final String HEADER = "hash," + String.join(",", Proxies.names()) + ",seconds";

    public ProxyRow {
        if (scores.length != Proxies.ALL.size())
            throw new IllegalArgumentException("a row has " + Proxies.ALL.size() + " scores, not " + scores.length);
    }

    /** The score of the proxy called {@code name} (NaN when not computed). */
    public double score(String name) {
        return scores[Proxies.names().indexOf(name)];
    }

    /** The CSV line, without its line break; an empty field for a score not computed. */
    public String toCsv() {
        StringBuilder b = new StringBuilder(hash);
        for (double s : scores) b.append(',').append(Double.isNaN(s) ? "" : Double.toString(s));
        return b.append(',').append(seconds).toString();
    }

    /** The row of a CSV line of {@link #HEADER}'s columns; {@code where} names the line in errors. */
    public static ProxyRow parse(String line, String where) {
        List<String> f = Arrays.asList(line.split(",", -1));
        if (f.size() != Proxies.ALL.size() + 2)
            throw new IllegalArgumentException(where + ": expected " + (Proxies.ALL.size() + 2) + " fields, got " + f.size());
        double[] scores = new double[Proxies.ALL.size()];
        try {
            for (int i = 0; i < scores.length; i++) scores[i] = f.get(i + 1).isEmpty() ? Double.NaN : Double.parseDouble(f.get(i + 1));
            return new ProxyRow(f.get(0), scores, Double.parseDouble(f.get(f.size() - 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": not a number: " + e.getMessage());
        }
    }
}
