package ionas.nas.nb101.data;

import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.GraphHash;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.space.Benchmark;
import ionas.nas.space.CellRecord;
import ionas.nas.space.SpaceOptimum;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * NAS-Bench-101 benchmark records in memory, from the official TFRecord ({@link #fromTFRecord})
 * or a parallel-array JSON file ({@link #fromJson}); {@link #load} picks by extension or content.
 *
 * <p>Per cell (by hash, in <b>file order</b> of first appearance, which is the order of the official
 * API's {@code hash_iterator()} and so arch2vec's dataset indices): the trainable parameter count,
 * the graph when the source has it, and per epoch budget the repeated training runs
 * ({@link RunMetrics}; 3 in the official files, 1 in the JSON files). The JSON files hold no test
 * accuracy (NaN, see {@link #hasTestAccuracy()}).
 *
 * <p>Immutable and thread-safe. Look-ups by {@link #result} are free; {@link QuerySession} charges
 * a budget counter as the official API's {@code query} does. Metrics are stored column-wise
 * (8 doubles per run) and graphs packed, so the 423,624-cell official file fits in ~100 MB.
 */
public final class NasBench implements Benchmark {
    public static final int DEFAULT_EPOCHS = 108;
    /**
     * arch2vec's hard-coded maxima of the whole NAS-Bench-101 space ({@code reinforce.py},
     * {@code dngo.py}): the mean validation and test accuracy of the best cells at 108 epochs.
     */
    public static final SpaceOptimum FULL_SPACE_OPTIMUM = new SpaceOptimum(SearchSpace.FULL_SIZE, 0.9505542318026224, 0.943175752957662);
    /** Repeats per cell and budget in NAS-Bench-101. */
    public static final int MAX_REPEATS = 3;
    private static final int MAX_PACKED_VERTICES = 8;

    private final String source;
    private final BenchmarkFormat format;
    private final List<String> hashes;
    private final Map<String, Integer> index;
    private final long[] params, adjacency, opCodes;
    private final byte[] vertices; // 0 = graph unknown
    private final int[] epochs;
    private final double[][] values; // [epoch slot][(cell * MAX_REPEATS + repeat) * FIELDS + field]
    private final byte[][] counts;   // [epoch slot][cell]
    private final Function<CellSpec, String> graphHash; // null: none

    private NasBench(NasBench b, Function<CellSpec, String> graphHash) {
        source = b.source;
        format = b.format;
        hashes = b.hashes;
        index = b.index;
        params = b.params;
        adjacency = b.adjacency;
        opCodes = b.opCodes;
        vertices = b.vertices;
        epochs = b.epochs;
        values = b.values;
        counts = b.counts;
        this.graphHash = graphHash;
    }

    private NasBench(Builder b) {
        int n = b.hashes.size();
        source = b.source;
        format = b.format;
        hashes = Collections.unmodifiableList(new ArrayList<>(b.hashes));
        index = Map.copyOf(b.index);
        params = Arrays.copyOf(b.params, n);
        adjacency = Arrays.copyOf(b.adjacency, n);
        opCodes = Arrays.copyOf(b.opCodes, n);
        vertices = Arrays.copyOf(b.vertices, n);
        epochs = b.tables.keySet().stream().mapToInt(Integer::intValue).toArray();
        values = new double[epochs.length][];
        counts = new byte[epochs.length][];
        int slot = 0;
        for (Builder.Table t : b.tables.values()) {
            values[slot] = Arrays.copyOf(t.values, n * MAX_REPEATS * RunMetrics.FIELDS);
            if (t.values.length < values[slot].length) Arrays.fill(values[slot], t.values.length, values[slot].length, Double.NaN);
            counts[slot] = Arrays.copyOf(t.counts, n);
            slot++;
        }
        graphHash = GraphHash::of;
    }

    // ------------------------------------------------------------------ loading

    /** Reads a record file of either format (see {@link BenchmarkFormat#detect}). */
    public static NasBench load(Path file) throws IOException {
        return switch (BenchmarkFormat.detect(file)) {
            case TFRECORD -> fromTFRecord(file);
            case JSON -> fromJson(file);
        };
    }

    /** Reads an official NAS-Bench-101 TFRecord file. */
    public static NasBench fromTFRecord(Path file) throws IOException {
        Builder b = new Builder(file.toString(), BenchmarkFormat.TFRECORD);
        try (TFRecordReader in = TFRecordReader.open(file)) {
            for (long offset = in.offset(), i = in.recordsRead(); ; offset = in.offset(), i = in.recordsRead()) {
                byte[] payload = in.next();
                if (payload == null) break;
                try {
                    OfficialRecord r = OfficialRecord.parse(payload);
                    b.add(r.hash(), r.graph(), r.metrics().trainableParameters(), r.epochs(), RunMetrics.of(r.metrics()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": record " + i + " at byte offset " + offset + ": " + e.getMessage(), e);
                }
            }
        }
        if (b.hashes.isEmpty()) throw new IllegalArgumentException(file + ": no records");
        return b.build();
    }

    /** Reads a parallel-array JSON file ({@code nb101-20k.json}, {@code nb101-1k.json}); see {@link JsonRecords}. */
    public static NasBench fromJson(Path file) throws IOException {
        return JsonRecords.read(file);
    }

    /** A view of this benchmark that hashes cells with {@code graphHash} (for look-ups by {@link CellSpec}). */
    public NasBench withGraphHash(Function<CellSpec, String> graphHash) {
        return new NasBench(this, graphHash);
    }

    // ------------------------------------------------------------------ cells

    /** The file (or description) the records came from. */
    @Override
    public String source() {
        return source;
    }

    public BenchmarkFormat format() {
        return format;
    }

    /** Whether the source has test accuracies: only the official TFRecord; the JSON files do not. */
    public boolean hasTestAccuracy() {
        return format == BenchmarkFormat.TFRECORD;
    }

    public int size() {
        return hashes.size();
    }

    /** The hashes in file order (the official API's hash_iterator order). */
    public List<String> hashes() {
        return hashes;
    }

    public String hash(int i) {
        return hashes.get(i);
    }

    /** The position of {@code hash} in file order, or -1. */
    public int indexOf(String hash) {
        Integer i = index.get(canonical(hash));
        return i == null ? -1 : i;
    }

    @Override
    public boolean contains(String hash) {
        return index.containsKey(canonical(hash));
    }

    /** The mean over the cell's repeats at {@link #DEFAULT_EPOCHS} epochs, as arch2vec's search tables hold it. */
    @Override
    public CellRecord record(String hash) {
        QueryResult r = result(hash, DEFAULT_EPOCHS, RepeatMode.MEAN, null);
        return new CellRecord(r.validationAccuracy(), r.testAccuracy(), r.trainingTime());
    }

    /** {@link #FULL_SPACE_OPTIMUM} when the records have test accuracies (the official file); else none. */
    @Override
    public Optional<SpaceOptimum> optimum() {
        return hasTestAccuracy() ? Optional.of(FULL_SPACE_OPTIMUM) : Optional.empty();
    }

    /** Hashes are hex digests: upper-case hex names the same cell, as in {@code SearchSpace.indexOf}. */
    private static String canonical(String hash) {
        return hash == null ? null : hash.toLowerCase(Locale.ROOT);
    }

    /** The trainable parameter count the benchmark records for the cell (-1 if the source lacks it). */
    public long trainableParameters(String hash) {
        return params[require(hash)];
    }

    /** The cell's graph as the source stores it, empty when the source has no graphs (nb101-20k.json). */
    public Optional<CellSpec> graph(String hash) {
        return graphAt(require(hash));
    }

    /** This file's graphs as a lookup (empty for unknown hashes). */
    public CellLookup graphs() {
        return hash -> {
            Integer i = index.get(hash);
            return i == null ? Optional.empty() : graphAt(i);
        };
    }

    /** Whether the source stores graphs for its cells. */
    public boolean hasGraphs() {
        for (byte v : vertices) if (v != 0) return true;
        return false;
    }

    /** The epoch budgets with records, ascending (108 only, or 4, 12, 36, 108). */
    public List<Integer> epochBudgets() {
        return Arrays.stream(epochs).boxed().toList();
    }

    /** The runs of a cell at a budget (empty if the cell has none there). */
    public List<RunMetrics> runs(String hash, int epochs) {
        int cell = require(hash), slot = slot(epochs);
        if (slot < 0) return List.of();
        int n = counts[slot][cell];
        List<RunMetrics> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) out.add(RunMetrics.fromArray(values[slot], (cell * MAX_REPEATS + r) * RunMetrics.FIELDS));
        return out;
    }

    /** The cell's final evaluation, one repeat or the mean, without charging any budget. */
    public QueryResult result(String hash, int epochs, RepeatMode mode, Random random) {
        int cell = require(hash), slot = slot(epochs);
        int n = slot < 0 ? 0 : counts[slot][cell];
        if (n == 0)
            throw new IllegalArgumentException("hash " + hash + " has no records at " + epochs + " epochs in " + source
                    + " (budgets in this file: " + epochBudgets() + ")");
        double[] v = values[slot];
        int base = cell * MAX_REPEATS * RunMetrics.FIELDS;
        if (mode == RepeatMode.RANDOM) {
            int r = n == 1 ? 0 : random.nextInt(n);
            int o = base + r * RunMetrics.FIELDS;
            return new QueryResult(hash, epochs, mode, r, n, v[o + 6], v[o + 7], v[o + 5], v[o + 4], params[cell]);
        }
        double val = 0, test = 0, train = 0, time = 0;
        for (int r = 0; r < n; r++) {
            int o = base + r * RunMetrics.FIELDS;
            time += v[o + 4];
            train += v[o + 5];
            val += v[o + 6];
            test += v[o + 7];
        }
        return new QueryResult(hash, epochs, mode, -1, n, val / n, test / n, train / n, time / n, params[cell]);
    }

    /** A charged query session with a seeded random repeat choice and no budget limit. */
    public QuerySession session(long seed) {
        return new QuerySession(this, new Random(seed), BudgetCounter.unlimited());
    }

    public QuerySession session(Random random, BudgetCounter budget) {
        return new QuerySession(this, random, budget);
    }

    /** The NAS-Bench-101 hash of a cell, when this benchmark has a graph hash (NAS-Bench-101's, {@link GraphHash}). */
    public Optional<String> hashOf(CellSpec cell) {
        return graphHash == null ? Optional.empty() : Optional.of(graphHash.apply(cell));
    }

    /** The hash of a cell, or an error saying that no graph hash is wired in. */
    public String requireHash(CellSpec cell) {
        return hashOf(cell).orElseThrow(() -> new IllegalStateException(
                "no NAS-Bench-101 graph hash is available to look up " + cell
                        + " (no graph hash was given to this benchmark; pass one with NasBench.withGraphHash, or query by hash)"));
    }

    private int require(String hash) {
        Integer i = index.get(canonical(hash));
        if (i == null) throw new IllegalArgumentException("hash '" + hash + "' is not in " + source + " (" + size() + " cells)");
        return i;
    }

    private int slot(int e) {
        int s = Arrays.binarySearch(epochs, e);
        return s >= 0 ? s : -1;
    }

    private Optional<CellSpec> graphAt(int i) {
        int v = vertices[i];
        if (v == 0) return Optional.empty();
        int[][] m = new int[v][v];
        List<CellOp> ops = new ArrayList<>(v);
        CellOp[] all = CellOp.values();
        for (int a = 0; a < v; a++) {
            ops.add(all[(int) (opCodes[i] >>> (4 * a)) & 0xf]);
            for (int b = 0; b < v; b++) m[a][b] = (int) (adjacency[i] >>> (a * v + b)) & 1;
        }
        return Optional.of(new CellSpec(m, ops));
    }

    @Override
    public String toString() {
        return "NasBench(" + source + ", " + format + ", " + size() + " cells, epochs " + epochBudgets() + ")";
    }

    // ------------------------------------------------------------------ building

    /** Collects records (one training run at a time, in file order) into a {@link NasBench}. */
    public static final class Builder {
        private final String source;
        private final BenchmarkFormat format;
        private final List<String> hashes = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private long[] params = new long[16], adjacency = new long[16], opCodes = new long[16];
        private byte[] vertices = new byte[16];
        private final TreeMap<Integer, Table> tables = new TreeMap<>();

        private static final class Table {
            double[] values = new double[0];
            byte[] counts = new byte[0];
        }

        public Builder(String source, BenchmarkFormat format) {
            this.source = source;
            this.format = format;
        }

        /**
         * Adds one training run. The first record of a hash sets its parameter count and graph (a
         * later record supplies the graph if the first had none), as the official API keeps the first.
         *
         * @param graph null when the source has no graph
         * @param trainableParameters -1 when unknown
         */
        public Builder add(String hash, CellSpec graph, long trainableParameters, int epochs, RunMetrics run) {
            if (hash == null || hash.isEmpty()) throw new IllegalArgumentException("empty hash");
            hash = canonical(hash);
            if (epochs <= 0) throw new IllegalArgumentException("hash " + hash + ": epochs must be positive, got " + epochs);
            Integer i = index.get(hash);
            if (i == null) {
                i = hashes.size();
                index.put(hash, i);
                hashes.add(hash);
                if (i == params.length) {
                    int cap = i * 2;
                    params = Arrays.copyOf(params, cap);
                    adjacency = Arrays.copyOf(adjacency, cap);
                    opCodes = Arrays.copyOf(opCodes, cap);
                    vertices = Arrays.copyOf(vertices, cap);
                }
                params[i] = trainableParameters;
            }
            if (graph != null && vertices[i] == 0) pack(i, hash, graph);
            Table t = tables.computeIfAbsent(epochs, e -> new Table());
            if (t.counts.length <= i) {
                int cap = Math.max(16, Math.max(i + 1, t.counts.length * 2));
                t.counts = Arrays.copyOf(t.counts, cap);
                int old = t.values.length;
                t.values = Arrays.copyOf(t.values, cap * MAX_REPEATS * RunMetrics.FIELDS);
                Arrays.fill(t.values, old, t.values.length, Double.NaN);
            }
            int r = t.counts[i];
            if (r == MAX_REPEATS)
                throw new IllegalArgumentException("hash " + hash + ": more than " + MAX_REPEATS + " runs at " + epochs + " epochs");
            System.arraycopy(run.toArray(), 0, t.values, (i * MAX_REPEATS + r) * RunMetrics.FIELDS, RunMetrics.FIELDS);
            t.counts[i]++;
            return this;
        }

        private void pack(int i, String hash, CellSpec g) {
            int v = g.vertices();
            if (v > MAX_PACKED_VERTICES)
                throw new IllegalArgumentException("hash " + hash + ": graph of " + v + " vertices; NAS-Bench-101 cells have at most " + CellSpec.MAX_VERTICES);
            long adj = 0, ops = 0;
            for (int a = 0; a < v; a++) {
                ops |= (long) g.ops().get(a).ordinal() << (4 * a);
                for (int b = 0; b < v; b++) if (g.edge(a, b)) adj |= 1L << (a * v + b);
            }
            adjacency[i] = adj;
            opCodes[i] = ops;
            vertices[i] = (byte) v;
        }

        public NasBench build() {
            return new NasBench(this);
        }
    }
}
