package ionas.nas.arch2vec;

import ionas.nas.random.NumpyRandomState;
import ionas.nas.space.CellSpace;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * arch2vec's pre-training data (spec 3.1, 3.6): every cell of a space as the space's
 * {@link GraphEncoding} gives it, a padded N x N adjacency and N x K one-hot ops (on NAS-Bench-101
 * 7x7 and 7x5), in the space's index order, held in two flat arrays.
 *
 * <p><b>Index order.</b> arch2vec numbers the NAS-Bench-101 cells in the order of
 * {@code nasbench.hash_iterator()} over the tfrecord (first appearance of each hash). Our space is
 * in ascending hash order instead, so the 90/10 split below holds out a different (but equally fixed) 10% of the cells
 * than arch2vec's, and the permuted batches contain different cells, although the permutations
 * themselves are NumPy's exactly.
 */
public final class Arch2VecDataset {
    /** arch2vec's training share: the first {@code int(0.9 * N)} indices train. */
    public static final double TRAIN_FRACTION = 0.9;

    private final GraphEncoding<?> encoding;
    private final GraphLayout layout;
    private final float[] adjacency, ops;
    private final int size;

    private Arch2VecDataset(GraphEncoding<?> encoding, float[] adjacency, float[] ops, int size) {
        this.encoding = encoding;
        this.layout = encoding.layout();
        this.adjacency = adjacency;
        this.ops = ops;
        this.size = size;
    }

    /** The encodings of all cells of the space, in its index order (built in parallel; ~1 s for the full NAS-Bench-101 space). */
    public static <C> Arch2VecDataset of(CellSpace<C> space) {
        return build(space.size(), space::cell, space.encoding());
    }

    /** The encodings of the given cells, in order. */
    public static <C> Arch2VecDataset of(List<C> cells, GraphEncoding<C> encoding) {
        return build(cells.size(), cells::get, encoding);
    }

    private static <C> Arch2VecDataset build(int n, IntFunction<C> cell, GraphEncoding<C> encoding) {
        GraphLayout layout = encoding.layout();
        int adjSize = layout.adjacencySize(), opsSize = layout.opsSize();
        float[] adj = new float[n * adjSize], ops = new float[n * opsSize];
        IntStream.range(0, n).parallel().forEach(i -> {
            EncodedGraph e = encoding.encode(cell.apply(i));
            if (!e.layout().equals(layout))
                throw new IllegalStateException("cell " + i + " is encoded in " + e.layout() + ", its encoding's layout is " + layout);
            e.copyInto(adj, i * adjSize, ops, i * opsSize);
        });
        return new Arch2VecDataset(encoding, adj, ops, n);
    }

    public int size() {
        return size;
    }

    /** The encoding the cells were made with: their layout, and the rule that judges decoded samples. */
    public GraphEncoding<?> encoding() {
        return encoding;
    }

    /** The sizes of every cell's adjacency and op rows. */
    public GraphLayout layout() {
        return layout;
    }

    /** Cell {@code i}'s adjacency, N x N values row-major (a copy). */
    public float[] adjacency(int i) {
        int a = layout.adjacencySize();
        return Arrays.copyOfRange(adjacency, i * a, (i + 1) * a);
    }

    /** Cell {@code i}'s one-hot ops, N x K values row-major (a copy). */
    public float[] ops(int i) {
        int o = layout.opsSize();
        return Arrays.copyOfRange(ops, i * o, (i + 1) * o);
    }

    /** A batch: ops {@code (b, N, K)} and adjacency {@code (b, N, N)} of {@code indices[from..to)}. */
    public NDArray[] batch(int[] indices, int from, int to) {
        int b = to - from, adjSize = layout.adjacencySize(), opsSize = layout.opsSize();
        float[] o = new float[b * opsSize], a = new float[b * adjSize];
        for (int k = 0; k < b; k++) {
            int i = indices[from + k];
            System.arraycopy(ops, i * opsSize, o, k * opsSize, opsSize);
            System.arraycopy(adjacency, i * adjSize, a, k * adjSize, adjSize);
        }
        return new NDArray[] {NDArray.of(o, b, layout.nodes(), layout.opTypes()), NDArray.of(a, b, layout.nodes(), layout.nodes())};
    }

    /** {@link #batch(int[], int, int)} on {@code device}. */
    public NDArray[] batch(int[] indices, int from, int to, Device device) {
        NDArray[] b = batch(indices, from, to);
        return new NDArray[] {b[0].to(device), b[1].to(device)};
    }

    /** The number of training indices: {@code int(0.9 * size)} as Python computes it. */
    public static int trainCount(int size) {
        return (int) (TRAIN_FRACTION * size);
    }

    /**
     * arch2vec's split (spec 3.6, {@code pretraining_nasbench101.py}): indices {@code 0..int(0.9N)-1}
     * train, the rest are held out; after {@code np.random.seed(seed)} each part is permuted once,
     * training first, with {@code np.random.permutation} (both draws from the one seeded state, as
     * in arch2vec). Batches are consecutive runs of the permuted arrays, the same every epoch.
     */
    public Split split(long seed) {
        int cut = trainCount(size);
        NumpyRandomState rs = new NumpyRandomState(seed);
        int[] train = rs.permutation(cut);
        int[] held = rs.permutation(size - cut);
        for (int k = 0; k < held.length; k++) held[k] += cut;
        return new Split(train, held);
    }

    /**
     * Permuted training, validation and held-out indices. The validation slice, empty unless {@link
     * #carveValidation} made one, is taken from the training cells: a run may choose among its epochs
     * on it without looking at the held-out cells it is judged on.
     */
    public record Split(int[] train, int[] validation, int[] heldOut) {
        /** Training and held-out indices, no validation slice. */
        public Split(int[] train, int[] heldOut) {
            this(train, new int[0], heldOut);
        }

        /** The first {@code limit} of the training and held-out parts (for quick runs; 0 or less keeps everything). */
        public Split limit(int limit) {
            if (limit <= 0) return this;
            return new Split(Arrays.copyOf(train, Math.min(limit, train.length)), Arrays.copyOf(validation, Math.min(limit, validation.length)),
                    Arrays.copyOf(heldOut, Math.min(limit, heldOut.length)));
        }

        /** The last {@code cells} training indices moved to the validation slice (0 returns this split). */
        public Split carveValidation(int cells) {
            if (cells < 0 || cells > train.length)
                throw new IllegalArgumentException("a validation slice of " + cells + " cells cannot be carved from " + train.length + " training cells");
            if (cells == 0) return this;
            int cut = train.length - cells;
            return new Split(Arrays.copyOf(train, cut), Arrays.copyOfRange(train, cut, train.length), heldOut);
        }
    }
}
