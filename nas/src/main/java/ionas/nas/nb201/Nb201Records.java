package ionas.nas.nb201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAS-Bench-201 records file ({@code DATA/nasbench201/nb201-val.json}): one entry per cell with
 * its official index, architecture string and validation accuracies (see the data folder's
 * README). A file may hold any subset of the space (tests use a few cells), but every index and
 * every cell at most once, and every entry all three accuracies, each within 0..100.
 */
public final class Nb201Records {
    /** The data folder's sub-folder for NAS-Bench-201. */
    public static final String FOLDER = "nasbench201";

    private final Path source;
    private final String description;
    private final List<Nb201Record> records; // by ascending index
    private final Map<Nb201Cell, Nb201Record> byCell;

    private Nb201Records(Path source, String description, List<Nb201Record> records) {
        this.source = source;
        this.description = description;
        this.records = List.copyOf(records);
        this.byCell = new HashMap<>();
        for (Nb201Record r : records) byCell.put(r.cell(), r);
    }

    /** {@code DATA/nasbench201/nb201-val.json}, the records the commands read unless told otherwise. */
    public static Path defaultFile(Path dataDir) {
        return dataDir.resolve(FOLDER).resolve("nb201-val.json");
    }

    /** Reads and checks a records file; every problem names the file and the entry. */
    public static Nb201Records load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no NAS-Bench-201 records file here (expected nb201-val.json, see the data"
                    + " folder's README; --data or --benchmark name another place)");
        }
        JsonNode root = JsonFiles.readTree(new ObjectMapper(), file);
        JsonNode cells = root.path("cells");
        if (!cells.isArray()) throw new IOException(file + ": no 'cells' array at the top level (not a NAS-Bench-201 records file)");
        List<Nb201Record> out = new ArrayList<>(cells.size());
        Map<Integer, Integer> seenIndex = new HashMap<>();
        Map<Nb201Cell, Integer> seenCell = new HashMap<>();
        for (int k = 0; k < cells.size(); k++) {
            Nb201Record r;
            try {
                r = parse(cells.get(k));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": entry " + k + ": " + e.getMessage(), e);
            }
            Integer before = seenIndex.putIfAbsent(r.index(), k);
            if (before != null) throw new IOException(file + ": entries " + before + " and " + k + " both have index " + r.index());
            before = seenCell.putIfAbsent(r.cell(), k);
            if (before != null) throw new IOException(file + ": entries " + before + " and " + k + " are the same cell " + r.cell());
            out.add(r);
        }
        out.sort(Comparator.comparingInt(Nb201Record::index));
        return new Nb201Records(file, root.path("source").asText(""), out);
    }

    private static Nb201Record parse(JsonNode entry) {
        JsonNode index = entry.get("index"), arch = entry.get("arch"), acc = entry.get("val_acc");
        if (index == null || !index.canConvertToInt() || index.asInt() < 0) throw new IllegalArgumentException("no non-negative integer 'index'");
        if (arch == null || !arch.isTextual()) throw new IllegalArgumentException("index " + index.asInt() + ": no 'arch' string");
        if (acc == null || !acc.isObject()) throw new IllegalArgumentException("index " + index.asInt() + ": no 'val_acc' object");
        Map<Nb201Dataset, Double> accuracy = new EnumMap<>(Nb201Dataset.class);
        for (Nb201Dataset d : Nb201Dataset.values()) {
            JsonNode v = acc.get(d.key());
            if (v == null || !v.isNumber()) throw new IllegalArgumentException("index " + index.asInt() + ": no number val_acc." + d.key());
            double percent = v.asDouble();
            if (!(percent >= 0 && percent <= 100))
                throw new IllegalArgumentException("index " + index.asInt() + ": val_acc." + d.key() + " = " + percent + " is not a percentage in 0..100");
            accuracy.put(d, percent);
        }
        return new Nb201Record(index.asInt(), Nb201Cell.parse(arch.asText()), accuracy);
    }

    public Path source() {
        return source;
    }

    /** The file's own sentence on where its numbers come from (empty if it has none). */
    public String description() {
        return description;
    }

    public int size() {
        return records.size();
    }

    /** All records, by ascending benchmark index. */
    public List<Nb201Record> records() {
        return records;
    }

    /** The cells, by ascending benchmark index: the order arch2vec numbers them in ({@code preprocessing/nasbench201_json.py}). */
    public List<Nb201Cell> cells() {
        return records.stream().map(Nb201Record::cell).toList();
    }

    /** The record of {@code cell}, or null when the file does not hold it. */
    public Nb201Record find(Nb201Cell cell) {
        return byCell.get(cell);
    }

    /** The record of {@code cell}, with a clear error when the file does not hold it. */
    public Nb201Record get(Nb201Cell cell) {
        Nb201Record r = byCell.get(cell);
        if (r == null) throw new IllegalArgumentException("cell " + cell + " is not in " + source);
        return r;
    }

    /** The record with the highest validation accuracy on {@code dataset} (the lowest index among ties). */
    public Nb201Record best(Nb201Dataset dataset) {
        if (records.isEmpty()) throw new IllegalStateException(source + " holds no cells");
        Nb201Record best = records.get(0);
        for (Nb201Record r : records) if (r.accuracy(dataset) > best.accuracy(dataset)) best = r;
        return best;
    }
}
