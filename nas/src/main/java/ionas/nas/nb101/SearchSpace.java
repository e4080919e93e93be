package ionas.nas.nb101;

import ionas.kernels.cpu.Parallel;
import ionas.nas.IndexedList;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * The NAS-Bench-101 cell space: every unique cell (423,624 of them for at most 7 vertices) with its
 * benchmark key, enumerated as NAS-Bench-101's {@code scripts/generate_graphs.py} does (spec 1.5),
 * or read back from a binary cache written by {@link #write}.
 *
 * <p><b>Enumeration.</b> For V = 2..maxVertices, for every bitmask of the V(V-1)/2 upper-triangle
 * entries (edge x -> y is bit {@code x + y(y-1)/2}), keep the matrices where every vertex but the
 * output has an out-edge and every vertex but the input an in-edge (no vertex can be pruned) and
 * that have at most 9 edges; for every labelling of the interior vertices (itertools.product
 * order: vertex 1 varies slowest) hash the cell with {@link GraphHash}. The first labelled graph
 * with a given hash is that hash's cell, exactly as generate_graphs keeps it.
 *
 * <p><b>Order.</b> Cells are indexed by ascending hash (the 32-digit lowercase hex strings in
 * string order). That is the order of generate_graphs' JSON output ({@code json.dump(...,
 * sort_keys=True)}) and of the {@code nb101-*.json} files in the shared data, it does not depend on
 * threads, and it lets {@link #indexOf} binary-search without a hash map. It is NOT arch2vec's
 * order: arch2vec numbers the cells in the order of {@code nasbench_only108.tfrecord}
 * ({@code hash_iterator()}, spec 3.1 and pitfall 1), which cannot be reproduced without that file;
 * code that needs arch2vec's indices must read them from the tfrecord.
 *
 * <p><b>Lookups</b> (what benchmark readers need): {@link #byHash} gives the cell of a key,
 * {@link #indexOf} its index, {@link #get} and {@link #hash(int)} go the other way. A {@code
 * SearchSpace} is immutable and safe to share between threads.
 *
 * <p><b>Cache file</b> (big-endian): the magic {@code "NB101SPC"}, int version (1), int
 * maxVertices, int count, then per cell in index order the md5 digest as two longs (high, low) and
 * the packed cell as a long ({@link #packed}), then the CRC32C of everything before it as an int.
 * 24 bytes a cell: about 10 MB for the full space, read in tens of milliseconds.
 */
public final class SearchSpace {
    /** The number of cells of the full space (at most 7 vertices), from NAS-Bench-101. */
    public static final int FULL_SIZE = 423_624;
    /** The cache format version; bump it when the layout or the order changes. */
    public static final int CACHE_VERSION = 1;

    private static final byte[] MAGIC = {'N', 'B', '1', '0', '1', 'S', 'P', 'C'};
    private static final int HEADER = 8 + 4 + 4 + 4, RECORD = 24, TRAILER = 4;
    private static final int NUM_OPS = 3;

    private final int maxVertices;
    // sorted ascending as unsigned (hi, lo): the same order as the hex strings
    private final long[] hi, lo, packed;

    private SearchSpace(int maxVertices, long[] hi, long[] lo, long[] packed) {
        this.maxVertices = maxVertices;
        this.hi = hi;
        this.lo = lo;
        this.packed = packed;
    }

    /** Receives the enumeration's progress, in order, on the calling thread. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param vertices the vertex count being enumerated
         * @param fraction the fraction of all bitmasks done, 0..1
         * @param cells the unique cells found so far
         */
        void update(int vertices, double fraction, int cells);

        Progress NONE = (v, f, c) -> {};
    }

    // ------------------------------------------------------------------ queries

    /** The number of cells. */
    public int size() {
        return packed.length;
    }

    /** The largest vertex count this space was enumerated with (7 for the full space). */
    public int maxVertices() {
        return maxVertices;
    }

    /** The cell at {@code index} (its pruned, canonical form: the first one generate_graphs produced). */
    public CellSpec get(int index) {
        return unpack(packed[checkIndex(index)]);
    }

    /** The NAS-Bench-101 key (32 lowercase hex digits) of the cell at {@code index}. */
    public String hash(int index) {
        checkIndex(index);
        byte[] d = ByteBuffer.allocate(16).putLong(hi[index]).putLong(lo[index]).array();
        return HexFormat.of().formatHex(d);
    }

    /**
     * The index of the cell with this key, or -1 when no cell of the space has it (also for a
     * string that is not 32 hex digits). Upper-case hex is accepted. O(log n), no allocation.
     */
    public int indexOf(String hash) {
        if (hash == null || hash.length() != 32) return -1;
        long h, l;
        try {
            h = Long.parseUnsignedLong(hash, 0, 16, 16);
            l = Long.parseUnsignedLong(hash, 16, 32, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        int a = 0, b = packed.length - 1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            int c = compare(hi[m], lo[m], h, l);
            if (c < 0) a = m + 1;
            else if (c > 0) b = m - 1;
            else return m;
        }
        return -1;
    }

    /** Whether a cell of the space has this key. */
    public boolean contains(String hash) {
        return indexOf(hash) >= 0;
    }

    /** The cell with this key; throws, naming the key, when the space has none. */
    public CellSpec byHash(String hash) {
        int i = indexOf(hash);
        if (i < 0)
            throw new IllegalArgumentException("NAS-Bench-101 space (" + size() + " cells, at most " + maxVertices
                    + " vertices): no cell has the hash '" + hash + "'");
        return get(i);
    }

    /** All cells in index order, as a read-only list that builds each {@link CellSpec} when asked. */
    public List<CellSpec> cells() {
        return IndexedList.of(size(), this::get);
    }

    /** All keys in index order (ascending), as a read-only list. */
    public List<String> hashes() {
        return IndexedList.of(size(), this::hash);
    }

    /**
     * The cell at {@code index} packed into a long: bits 0-2 the vertex count V, bits 3-23 the
     * upper-triangle bitmask in generate_graphs' order (edge x -> y is bit {@code 3 + x + y(y-1)/2}),
     * bits 24-33 the ops of interior vertices 1..V-2, two bits each (vertex i at bit
     * {@code 24 + 2(i-1)}), in NAS-Bench-101's canonical order (conv3x3 0, conv1x1 1, maxpool 2).
     */
    public long packed(int index) {
        return packed[checkIndex(index)];
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= packed.length)
            throw new IndexOutOfBoundsException("NAS-Bench-101 space: index " + index + " outside 0.." + (packed.length - 1));
        return index;
    }

    private static int compare(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    static long pack(int v, int bits, int[] labels) {
        long p = v | ((long) bits << 3);
        for (int i = 1; i < v - 1; i++) p |= (long) labels[i] << (24 + 2 * (i - 1));
        return p;
    }

    static CellSpec unpack(long p) {
        int v = (int) (p & 7);
        int bits = (int) ((p >>> 3) & 0x1F_FFFF);
        int[][] m = new int[v][v];
        for (int y = 1; y < v; y++)
            for (int x = 0; x < y; x++) m[x][y] = (bits >>> (x + y * (y - 1) / 2)) & 1;
        List<CellOp> ops = new ArrayList<>(v);
        ops.add(CellOp.INPUT);
        for (int i = 1; i < v - 1; i++) ops.add(CellOp.values()[(int) ((p >>> (24 + 2 * (i - 1))) & 3)]);
        ops.add(CellOp.OUTPUT);
        return new CellSpec(m, ops);
    }

    /** Why a packed long read from a file is not a cell of a space with at most {@code maxV} vertices, or null. */
    private static String packedProblem(long p, int maxV) {
        int v = (int) (p & 7);
        if (v < 2 || v > maxV) return "vertex count " + v;
        int triangle = v * (v - 1) / 2;
        long bits = (p >>> 3) & 0x1F_FFFF;
        if ((bits >>> triangle) != 0) return "edges beyond a " + v + "-vertex matrix";
        if (Long.bitCount(bits) > CellSpec.MAX_EDGES) return Long.bitCount(bits) + " edges";
        long ops = p >>> 24;
        if ((ops >>> (2 * (v - 2))) != 0) return "ops beyond the interior vertices";
        for (int i = 0; i < v - 2; i++) if (((ops >>> (2 * i)) & 3) == 3) return "op code 3";
        return null;
    }

    // ------------------------------------------------------------------ enumeration

    /** The full space (at most 7 vertices): 423,624 cells. Takes some seconds; prefer {@link #loadOrEnumerate}. */
    public static SearchSpace enumerate() {
        return enumerate(CellSpec.MAX_VERTICES, Parallel.threads(), Progress.NONE);
    }

    /**
     * Enumerates the cells of at most {@code maxVertices} (2..7) vertices on {@code threads}
     * threads. The bitmasks are cut into chunks hashed in parallel; the chunks are merged in
     * generation order, so the first occurrence of each hash, and hence the result, does not depend
     * on the threads.
     */
    public static SearchSpace enumerate(int maxVertices, int threads, Progress progress) {
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new IllegalArgumentException("NAS-Bench-101 space: max vertices must be 2.." + CellSpec.MAX_VERTICES + ", got " + maxVertices);
        if (threads < 1) throw new IllegalArgumentException("NAS-Bench-101 space: threads must be positive, got " + threads);
        final int chunkBits = 1 << 13;
        List<int[]> chunks = new ArrayList<>(); // {V, from, to}
        long totalBits = 0;
        for (int v = 2; v <= maxVertices; v++) {
            int n = 1 << (v * (v - 1) / 2);
            totalBits += n;
            for (int from = 0; from < n; from += chunkBits) chunks.add(new int[] {v, from, Math.min(n, from + chunkBits)});
        }
        ThreadLocal<GraphHash.Hasher> hashers = ThreadLocal.withInitial(() -> new GraphHash.Hasher(CellSpec.MAX_VERTICES));
        Merger merger = new Merger();
        long doneBits = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nb101-enumerate");
            t.setDaemon(true);
            return t;
        })) {
            List<Future<Chunk>> futures = new ArrayList<>(chunks.size());
            for (int[] c : chunks) futures.add(pool.submit(() -> enumerateChunk(c[0], c[1], c[2], hashers.get())));
            for (int k = 0; k < futures.size(); k++) {
                Chunk r = get(futures.get(k));
                futures.set(k, null); // let the chunk's arrays go
                for (int i = 0; i < r.n; i++) merger.add(r.hi[i], r.lo[i], r.packed[i]);
                doneBits += chunks.get(k)[2] - chunks.get(k)[1];
                progress.update(chunks.get(k)[0], (double) doneBits / totalBits, merger.size);
            }
        }
        return merger.finish(maxVertices);
    }

    private static Chunk get(Future<Chunk> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("NAS-Bench-101 enumeration interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("NAS-Bench-101 enumeration failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * A growable list of (digest, packed cell) in insertion order: the labelled graphs of one range
     * of bitmasks (first occurrences within the chunk), and the merged cells of all chunks.
     */
    private static final class Chunk {
        long[] hi = new long[256], lo = new long[256], packed = new long[256];
        int n;

        void add(long h, long l, long p) {
            if (n == packed.length) {
                hi = Arrays.copyOf(hi, 2 * n);
                lo = Arrays.copyOf(lo, 2 * n);
                packed = Arrays.copyOf(packed, 2 * n);
            }
            hi[n] = h;
            lo[n] = l;
            packed[n++] = p;
        }
    }

    private static Chunk enumerateChunk(int v, int from, int to, GraphHash.Hasher hasher) {
        Chunk out = new Chunk();
        // rowMask[x]: the bits of edges out of x; colMask[y]: of edges into y
        int[] rowMask = new int[v], colMask = new int[v];
        for (int y = 1; y < v; y++)
            for (int x = 0; x < y; x++) {
                int bit = 1 << (x + y * (y - 1) / 2);
                rowMask[x] |= bit;
                colMask[y] |= bit;
            }
        int[][] m = new int[v][v];
        int[] labels = new int[v];
        labels[0] = -1;
        labels[v - 1] = -2;
        int labellings = 1;
        for (int i = 0; i < v - 2; i++) labellings *= NUM_OPS;
        byte[] digest = new byte[16];
        ByteBuffer d = ByteBuffer.wrap(digest);
        Seen seen = new Seen();
        for (int bits = from; bits < to; bits++) {
            if (Integer.bitCount(bits) > CellSpec.MAX_EDGES || !fullDag(bits, v, rowMask, colMask)) continue;
            for (int y = 1; y < v; y++)
                for (int x = 0; x < y; x++) m[x][y] = (bits >>> (x + y * (y - 1) / 2)) & 1;
            for (int code = 0; code < labellings; code++) {
                // itertools.product: the last interior vertex varies fastest
                for (int i = v - 2, c = code; i >= 1; i--, c /= NUM_OPS) labels[i] = c % NUM_OPS;
                hasher.hash(m, labels, digest, 0);
                long h = d.getLong(0), l = d.getLong(8);
                if (seen.add(h, l)) out.add(h, l, pack(v, bits, labels));
            }
        }
        return out;
    }

    /** generate_graphs' is_full_dag: no all-zero row but the output's, no all-zero column but the input's. */
    private static boolean fullDag(int bits, int v, int[] rowMask, int[] colMask) {
        for (int x = 0; x < v - 1; x++) if ((bits & rowMask[x]) == 0) return false;
        for (int y = 1; y < v; y++) if ((bits & colMask[y]) == 0) return false;
        return true;
    }

    /** An open-addressing set of 128-bit digests (md5 bits are uniform, so the low word is the slot hash). */
    private static class Seen {
        long[] keysHi = new long[1024], keysLo = new long[1024];
        boolean[] used = new boolean[1024];
        int size;

        /** Adds the digest; false when it was there already. */
        boolean add(long h, long l) {
            int mask = used.length - 1, i = (int) (l ^ (l >>> 32)) & mask;
            while (used[i]) {
                if (keysHi[i] == h && keysLo[i] == l) return false;
                i = (i + 1) & mask;
            }
            used[i] = true;
            keysHi[i] = h;
            keysLo[i] = l;
            if (++size * 2 > used.length) grow();
            return true;
        }

        private void grow() {
            long[] oh = keysHi, ol = keysLo;
            boolean[] ou = used;
            keysHi = new long[2 * ou.length];
            keysLo = new long[2 * ou.length];
            used = new boolean[2 * ou.length];
            size = 0;
            for (int i = 0; i < ou.length; i++) if (ou[i]) add(oh[i], ol[i]);
        }
    }

    /** Keeps the first occurrence of each digest over the chunks in generation order, then sorts by digest. */
    private static final class Merger extends Seen {
        private final Chunk kept = new Chunk();

        void add(long h, long l, long p) {
            if (add(h, l)) kept.add(h, l, p);
        }

        SearchSpace finish(int maxVertices) {
            int n = kept.n;
            long[] hi = kept.hi, lo = kept.lo, packed = kept.packed;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> compare(hi[a], lo[a], hi[b], lo[b]));
            long[] h = new long[n], l = new long[n], p = new long[n];
            for (int i = 0; i < n; i++) {
                h[i] = hi[order[i]];
                l[i] = lo[order[i]];
                p[i] = packed[order[i]];
            }
            return new SearchSpace(maxVertices, h, l, p);
        }
    }

    // ------------------------------------------------------------------ cache file

    /** Writes the cache file atomically (a reader never sees half of it). */
    public void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + RECORD * size() + TRAILER);
        b.put(MAGIC).putInt(CACHE_VERSION).putInt(maxVertices).putInt(size());
        for (int i = 0; i < size(); i++) b.putLong(hi[i]).putLong(lo[i]).putLong(packed[i]);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        AtomicFiles.write(file, b.array());
    }

    /**
     * Reads a cache file written by {@link #write}. Throws an {@link IOException} naming the file
     * and the problem (missing, not a cache, other version, truncated, corrupt) so that the caller
     * can say "delete it or rebuild it".
     */
    public static SearchSpace read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no NAS-Bench-101 space cache there");
        }
        String what = "NAS-Bench-101 space cache " + file;
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new IOException(what + " is not an ionas space cache (wrong magic bytes)");
        if (bytes.length < HEADER + TRAILER)
            throw new IOException(what + " is truncated: " + bytes.length + " bytes, shorter than its header");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(MAGIC.length);
        int version = b.getInt(), maxV = b.getInt(), n = b.getInt();
        if (version != CACHE_VERSION)
            throw new IOException(what + " has format version " + version + ", this ionas reads version " + CACHE_VERSION + "; delete it to rebuild it");
        if (maxV < 2 || maxV > CellSpec.MAX_VERTICES || n < 0)
            throw new IOException(what + " is corrupt: header says " + n + " cells of at most " + maxV + " vertices");
        long expected = HEADER + (long) RECORD * n + TRAILER;
        if (bytes.length != expected)
            throw new IOException(what + (bytes.length < expected ? " is truncated" : " has trailing bytes") + ": "
                    + bytes.length + " bytes, expected " + expected + " for " + n + " cells");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER).getInt();
        if (stored != (int) crc.getValue()) throw new IOException(what + " is corrupt: its checksum does not match");
        long[] h = new long[n], l = new long[n], p = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = b.getLong();
            l[i] = b.getLong();
            p[i] = b.getLong();
            // cheap structural checks; rehashing every cell would cost seconds
            if (i > 0 && compare(h[i - 1], l[i - 1], h[i], l[i]) >= 0)
                throw new IOException(what + " is corrupt: hashes not strictly ascending at cell " + i);
            String problem = packedProblem(p[i], maxV);
            if (problem != null) throw new IOException(what + " is corrupt: cell " + i + " has " + problem);
        }
        return new SearchSpace(maxV, h, l, p);
    }

    /**
     * The space of at most {@code maxVertices} vertices: read from {@code cache} when that file is
     * a valid cache of the same space and {@code force} is false; otherwise enumerated and written
     * to {@code cache} (when it is not null). A cache that cannot be read is reported to
     * {@code warnings} and replaced.
     */
    public static Loaded loadOrEnumerate(Path cache, int maxVertices, boolean force, Progress progress,
                                         java.util.function.Consumer<String> warnings) throws IOException {
        long t0 = System.nanoTime();
        if (cache != null && !force && Files.exists(cache)) {
            try {
                SearchSpace s = read(cache);
                if (s.maxVertices() == maxVertices) return new Loaded(s, true, (System.nanoTime() - t0) / 1e9);
                warnings.accept(cache + " holds the space of at most " + s.maxVertices() + " vertices, not "
                        + maxVertices + "; enumerating and replacing it");
            } catch (IOException e) {
                warnings.accept(e.getMessage() + "; enumerating and replacing it");
            }
        }
        SearchSpace s = enumerate(maxVertices, Parallel.threads(), progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (cache != null) s.write(cache);
        return new Loaded(s, false, seconds);
    }

    /** A space and how it was obtained: {@code fromCache}, and the seconds reading or enumerating took. */
    public record Loaded(SearchSpace space, boolean fromCache, double seconds) {}
}
