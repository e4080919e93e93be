package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Gemm#sgemm} against {@link Reference#gemm} on awkward sizes, every transpose combination,
 * both betas, padded leading dimensions and non-zero offsets.
 */
class GemmTest {
    private static final int[] SIZES = {1, 7, 13, 17, 33, 100, 257};

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matchesReferenceOnAwkwardSizes(boolean transA, boolean transB) {
        Random random = new Random(42);
        for (int m : SIZES)
            for (int n : SIZES)
                for (int k : SIZES) {
                    // Every size combination with beta 0 would be slow to check twice; alternate.
                    float beta = (m + n + k) % 2 == 0 ? 0 : 1;
                    check(random, transA, transB, m, n, k, beta);
                }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} beta={5}")
    @CsvSource({
            "300, 129, 513, false, false, 0", "300, 129, 513, true, true, 1",
            "129, 300, 513, false, true, 1", "513, 129, 300, true, false, 0",
            "1, 1000, 300, false, false, 1", "1000, 1, 300, false, true, 0",
            "7, 4200, 5, false, false, 1", "7, 4200, 5, true, true, 0",       // wider than one column block
            "64, 48, 1024, false, false, 0", "224, 128, 128, false, true, 1", // shapes the engine uses
            "8, 48, 1, false, false, 0", "16, 96, 700, true, false, 1",
            "300, 200, 513, false, true, 0", "129, 400, 513, true, false, 1"}) // big enough for two threads
    void matchesReferenceOnLargerShapes(int m, int n, int k, boolean transA, boolean transB, float beta) {
        check(new Random(m * 31 + n * 7 + k), transA, transB, m, n, k, beta);
    }

    /**
     * C with 4, 8 or 16 rows is computed in 4-row tiles, any other in 6-row tiles; an element's sum
     * must not depend on which: the first rows of a 12-row product (6-row tiles) equal, bit for bit,
     * the product of those rows alone.
     */
    @ParameterizedTest(name = "{0} rows")
    @CsvSource({"4", "8", "16"})
    void fourRowTilesGiveTheBitsOfSixRowTiles(int rows) {
        assertEquals(GemmMicroKernel.MR4, PackedGemm.tileRows(rows));
        assertEquals(PackedGemm.MR, PackedGemm.tileRows(24));
        Random random = new Random(rows);
        int n = 150, k = 2 * GemmBlocking.DETECTED.kc() + 100; // an edge column panel and three depth blocks
        float[] a = new float[24 * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5f;
        float[] alone = new float[rows * n], within = new float[24 * n];
        Gemm.sgemm(false, false, rows, n, k, a, 0, k, b, 0, n, 0f, alone, 0, n);
        Gemm.sgemm(false, false, 24, n, k, a, 0, k, b, 0, n, 0f, within, 0, n);
        assertArrayEquals(alone, Arrays.copyOf(within, rows * n));
    }

    /** Which dimension threads cut: columns when A is read in place and the panels go round evenly. */
    @Test
    void threadsCutColumnsWhenAIsReadInPlaceAndThePanelsGoRoundEvenly() {
        int nr = PackedGemm.NR;
        GemmSource rowMajor = new GemmSource.Dense(new float[0], 0, 8, false);
        GemmSource transposed = new GemmSource.Dense(new float[0], 0, 8, true);
        assertEquals(true, PackedGemm.splitsColumns(1000, 4 * nr, rowMajor, 2));
        assertEquals(true, PackedGemm.splitsColumns(1000, 8 * nr - 1, rowMajor, 2));
        // Two panels, one of them short: the thread with the full one would do most of the work.
        assertEquals(false, PackedGemm.splitsColumns(1000, nr + nr / 2, rowMajor, 2));
        // A single panel cannot go to two threads.
        assertEquals(false, PackedGemm.splitsColumns(1000, nr, rowMajor, 2));
        // A packed A: the larger dimension is cut, so the smaller operand is packed twice.
        assertEquals(false, PackedGemm.splitsColumns(1000, 4 * nr, transposed, 2));
        assertEquals(true, PackedGemm.splitsColumns(100, 4 * nr, transposed, 2));
    }

    @Test
    void betaZeroOverwritesNaN() {
        float[] a = {1, 2, 3, 4}, b = {1, 0, 0, 1}, c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        Fixtures.assertSame("C", new float[] {1, 2, 3, 4}, c);
    }

    @Test
    void emptyDepthScalesC() {
        float[] c = {Float.NaN, 5};
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 0f, c, 0, 2);
        Fixtures.assertSame("beta 0", new float[] {0, 0}, c);
        c = new float[] {3, 5};
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 0, new float[0], 0, 2, 1f, c, 0, 2);
        Fixtures.assertSame("beta 1", new float[] {3, 5}, c);
    }

    @Test
    void rejectsOperandsThatDoNotFit() {
        float[] small = new float[5];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, small, 0, 3, new float[6], 0, 2, 0f, new float[4], 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, new float[4], 0, 1, new float[4], 0, 2, 0f, new float[4], 0, 2));
    }

    /**
     * One product with every operand stored inside a larger array: an offset, a leading dimension
     * 3 wider than needed, and NaN in all the padding, so reading a padding element poisons C.
     * C's own padding must come back untouched.
     */
    /**
     * A row-major A is read in place and a transposed one is packed first; the micro-kernel sums
     * the same products in the same order either way, so the bits agree (here with a short last
     * tile, which is packed in both, several depth blocks and an edge column panel).
     */
    @Test
    void aReadInPlaceGivesTheBitsOfAPackedA() {
        Random random = new Random(3);
        int m = 200, n = 150, k = 2 * GemmBlocking.DETECTED.kc() + 100;
        float[] a = new float[m * k], aT = new float[k * m], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) aT[p * m + i] = a[i * k + p];
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5f;
        float[] inPlace = new float[m * n], packed = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, inPlace, 0, n);
        Gemm.sgemm(true, false, m, n, k, aT, 0, m, b, 0, n, 0f, packed, 0, n);
        assertArrayEquals(packed, inPlace);
    }

    static void check(Random random, boolean transA, boolean transB, int m, int n, int k, float beta) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + 3, ldb = bCols + 3, ldc = n + 3;
        int aOff = 5, bOff = 2, cOff = 7;
        float[] a = padded(random, aRows, aCols, aOff, lda, Float.NaN);
        float[] b = padded(random, bRows, bCols, bOff, ldb, Float.NaN);
        // With beta 0 the old C is NaN too: it must be overwritten, not scaled by zero.
        float[] c = padded(random, m, n, cOff, ldc, -7f);
        if (beta == 0) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);

        double[] expected = Fixtures.toDouble(c), magnitude = Fixtures.abs(expected);
        double[] ad = Fixtures.toDouble(a), bd = Fixtures.toDouble(b);
        Reference.gemm(transA, transB, m, n, k, ad, aOff, lda, bd, bOff, ldb, beta, expected, cOff, ldc);
        Reference.gemm(transA, transB, m, n, k, Fixtures.abs(ad), aOff, lda, Fixtures.abs(bd), bOff, ldb,
                beta, magnitude, cOff, ldc);
        float[] original = c.clone();
        Gemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);

        String what = m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " beta=" + beta;
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            if (!inside) {
                expected[i] = original[i];
                magnitude[i] = 0;
            }
        }
        Fixtures.assertClose(what, expected, magnitude, c, k);
    }

    /** A rows x cols matrix of uniform values at off with leading dimension ld; the rest is filler. */
    private static float[] padded(Random random, int rows, int cols, int off, int ld, float filler) {
        float[] x = new float[off + rows * ld + 4];
        Arrays.fill(x, filler);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) x[off + i * ld + j] = 2 * random.nextFloat() - 1;
        return x;
    }
}
