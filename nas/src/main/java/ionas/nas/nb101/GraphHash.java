package ionas.nas.nb101;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NAS-Bench-101's graph hash ({@code graph_util.hash_module}, spec 1.4), byte for byte: the keys of
 * the benchmark's records are this hash of the pruned cell with labels input -1, output -2 and the
 * interior ops in canonical order (conv3x3 0, conv1x1 1, maxpool3x3 2).
 *
 * <p>The algorithm md5-hashes Python {@code str()} renderings, so the exact bytes matter: the
 * initial vertex hash is {@code md5("(out, in, label)")}, each of the V rounds hashes
 * {@code sorted(in-neighbour hex) + "|" + sorted(out-neighbour hex) + "|" + own hex}, and the
 * fingerprint is {@code md5("['hex1', 'hex2', ...]")} of the sorted vertex hashes. Hashes are kept
 * as raw 16-byte digests and only rendered to lowercase hex into a reused buffer: sorting hex
 * strings equals sorting the digests as unsigned bytes, because the hex digits of a nibble are in
 * the same order as the nibble values ('0'..'9' sort before 'a'..'f').
 *
 * <p>{@link #of(CellSpec)} is the entry point for cells; {@link Hasher} is the allocation-free,
 * single-threaded engine the enumeration of the space reuses per thread.
 */
public final class GraphHash {
    private GraphHash() {}

    /** The label NAS-Bench-101 hashes for an op: input -1, output -2, interior ops their canonical index. */
    public static int label(CellOp op) {
        return switch (op) {
            case INPUT -> -1;
            case OUTPUT -> -2;
            case CONV3X3 -> 0;
            case CONV1X1 -> 1;
            case MAXPOOL3X3 -> 2;
        };
    }

    /**
     * The benchmark key of a cell ({@code ModelSpec.hash_spec}): the hash of the pruned cell. Throws
     * when the input is not connected to the output (such a cell has no key).
     */
    public static String of(CellSpec spec) {
        CellSpec p = spec.pruned();
        int[] labels = new int[p.vertices()];
        for (int i = 0; i < labels.length; i++) labels[i] = label(p.ops().get(i));
        return hashModule(p.matrix(), labels);
    }

    /**
     * {@code graph_util.hash_module(matrix, labeling)} for a square 0/1 matrix and one integer
     * label per vertex (no pruning; the matrix is hashed as given), as a lowercase hex string.
     */
    public static String hashModule(int[][] matrix, int[] labels) {
        byte[] out = new byte[16];
        new Hasher(matrix.length).hash(matrix, labels, out, 0);
        return HexFormat.of().formatHex(out);
    }

    /** Python's {@code str((out, in, label))} for a tuple of ints, e.g. {@code "(2, 0, -1)"}. */
    static String tupleString(int out, int in, int label) {
        return "(" + out + ", " + in + ", " + label + ")";
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5 MessageDigest, which every Java SE platform must provide", e);
        }
    }

    /**
     * A reusable hasher for graphs of at most {@code maxVertices} vertices. Not thread safe: use one
     * per thread. It allocates nothing per call, which matters when hashing the ~1.3 million labelled
     * graphs of the enumeration.
     */
    public static final class Hasher {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        // the initial hashes md5("(out, in, label)") for small degrees and labels -2..2, computed once
        private static final int CACHE_DEG = 8, CACHE_LABEL_MIN = -2, CACHE_LABELS = 5;
        private static final byte[] INITIAL = initialTable();

        private final int maxV;
        private final MessageDigest md = md5();
        private byte[] cur, nxt, buf;
        private final int[] outDeg, inDeg, order, nIn, nOut;
        private final int[][] in, out;

        public Hasher(int maxVertices) {
            this.maxV = maxVertices;
            cur = new byte[16 * maxVertices];
            nxt = new byte[16 * maxVertices];
            // a round string: at most 2V neighbour hashes of 32 hex digits (V-1 in a DAG), two '|',
            // the own 32 digits; the fingerprint: V quoted hashes (34) with ", " between and brackets
            buf = new byte[Math.max(64 * maxVertices + 34, 36 * maxVertices + 2) + 16];
            outDeg = new int[maxVertices];
            inDeg = new int[maxVertices];
            order = new int[maxVertices];
            nIn = new int[maxVertices];
            nOut = new int[maxVertices];
            in = new int[maxVertices][maxVertices];
            out = new int[maxVertices][maxVertices];
        }

        /**
         * Hashes {@code matrix} (square, 0/1; entries other than 0 count as edges, like numpy's
         * truthiness) with {@code labels}, writing the 16-byte md5 digest to {@code dst[off..off+16)}.
         */
        public void hash(int[][] matrix, int[] labels, byte[] dst, int off) {
            int v = matrix.length;
            if (v > maxV) throw new IllegalArgumentException("graph hash: " + v + " vertices, this hasher takes at most " + maxV);
            if (labels.length != v) throw new IllegalArgumentException("graph hash: " + labels.length + " labels for " + v + " vertices");
            Arrays.fill(outDeg, 0, v, 0);
            Arrays.fill(inDeg, 0, v, 0);
            Arrays.fill(nIn, 0, v, 0);
            Arrays.fill(nOut, 0, v, 0);
            for (int a = 0; a < v; a++) {
                if (matrix[a].length != v) throw new IllegalArgumentException("graph hash: the matrix is not square");
                for (int b = 0; b < v; b++) {
                    if (matrix[a][b] != 0) {
                        // an entry of 1 counts 1 towards np.sum; anything else is not a 0/1 matrix
                        if (matrix[a][b] != 1) throw new IllegalArgumentException("graph hash: matrix entry " + matrix[a][b] + " is not 0 or 1");
                        outDeg[a]++;
                        inDeg[b]++;
                        // neighbours in index order, as the Python list comprehensions collect them
                        in[b][nIn[b]++] = a;
                        out[a][nOut[a]++] = b;
                    }
                }
            }
            for (int a = 0; a < v; a++) initial(outDeg[a], inDeg[a], labels[a], cur, 16 * a);
            for (int round = 0; round < v; round++) {
                for (int a = 0; a < v; a++) {
                    int len = appendSorted(in[a], nIn[a], 0);
                    buf[len++] = '|';
                    len = appendSorted(out[a], nOut[a], len);
                    buf[len++] = '|';
                    len = appendHex(cur, 16 * a, len);
                    digest(len, nxt, 16 * a);
                }
                byte[] t = cur;
                cur = nxt;
                nxt = t;
            }
            // str(sorted(hashes)) = "['h1', 'h2', ...]"
            for (int a = 0; a < v; a++) order[a] = a;
            sort(order, v);
            int len = 0;
            buf[len++] = '[';
            for (int k = 0; k < v; k++) {
                if (k > 0) {
                    buf[len++] = ',';
                    buf[len++] = ' ';
                }
                buf[len++] = '\'';
                len = appendHex(cur, 16 * order[k], len);
                buf[len++] = '\'';
            }
            buf[len++] = ']';
            digest(len, dst, off);
        }

        /** Appends the hex of the current hashes of {@code count} vertices, sorted, at {@code len}. */
        private int appendSorted(int[] vertices, int count, int len) {
            System.arraycopy(vertices, 0, order, 0, count);
            sort(order, count);
            for (int k = 0; k < count; k++) len = appendHex(cur, 16 * order[k], len);
            return len;
        }

        /** Insertion sort of vertex ids by their current digest (at most 7 of them). */
        private void sort(int[] ids, int count) {
            for (int i = 1; i < count; i++) {
                int x = ids[i], j = i - 1;
                while (j >= 0 && Arrays.compareUnsigned(cur, 16 * ids[j], 16 * ids[j] + 16, cur, 16 * x, 16 * x + 16) > 0) {
                    ids[j + 1] = ids[j];
                    j--;
                }
                ids[j + 1] = x;
            }
        }

        private int appendHex(byte[] src, int from, int len) {
            for (int i = from; i < from + 16; i++) {
                buf[len++] = HEX[(src[i] >> 4) & 15];
                buf[len++] = HEX[src[i] & 15];
            }
            return len;
        }

        private void digest(int len, byte[] dst, int off) {
            md.update(buf, 0, len);
            try {
                md.digest(dst, off, 16);
            } catch (DigestException e) {
                throw new IllegalStateException(e); // the destination always has 16 bytes
            }
        }

        private void initial(int outDegree, int inDegree, int label, byte[] dst, int off) {
            int li = label - CACHE_LABEL_MIN;
            if (outDegree < CACHE_DEG && inDegree < CACHE_DEG && li >= 0 && li < CACHE_LABELS) {
                System.arraycopy(INITIAL, 16 * ((outDegree * CACHE_DEG + inDegree) * CACHE_LABELS + li), dst, off, 16);
            } else {
                byte[] s = tupleString(outDegree, inDegree, label).getBytes(StandardCharsets.UTF_8);
                md.update(s);
                try {
                    md.digest(dst, off, 16);
                } catch (DigestException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private static byte[] initialTable() {
            MessageDigest md = md5();
            byte[] t = new byte[16 * CACHE_DEG * CACHE_DEG * CACHE_LABELS];
            for (int o = 0; o < CACHE_DEG; o++)
                for (int i = 0; i < CACHE_DEG; i++)
                    for (int l = 0; l < CACHE_LABELS; l++) {
                        byte[] d = md.digest(tupleString(o, i, l + CACHE_LABEL_MIN).getBytes(StandardCharsets.UTF_8));
                        System.arraycopy(d, 0, t, 16 * ((o * CACHE_DEG + i) * CACHE_LABELS + l), 16);
                    }
            return t;
        }
    }
}
