package ionas.nas.arch2vec;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.random.NumpyRandomState;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * arch2vec's pre-training data (spec 3.1, 3.6): every cell of a space as its padded 7x7 adjacency
 * (49 floats) and 7x5 one-hot ops (35 floats), in the space's index order, held in two flat arrays.
 *
 * <p><b>Index order.</b> arch2vec numbers the cells in the order of {@code nasbench.hash_iterator()}
 * over the tfrecord (first appearance of each hash). Our {@link SearchSpace} is in ascending hash
 * order instead, so the 90/10 split below holds out a different (but equally fixed) 10% of the cells
 * than arch2vec's, and the permuted batches contain different cells, although the permutations
 * themselves are NumPy's exactly.
 */
public final class Arch2VecDataset {
    public static final int ADJ = Arch2VecEncoding.NODES * Arch2VecEncoding.NODES, OPS = Arch2VecEncoding.NODES * Arch2VecEncoding.OP_COUNT;
    /** arch2vec's training share: the first {@code int(0.9 * N)} indices train. */
    public static final double TRAIN_FRACTION = 0.9;

    private final float[] adjacency, ops;
    private final int size;

    private Arch2VecDataset(float[] adjacency, float[] ops, int size) {
        this.adjacency = adjacency;
        this.ops = ops;
        this.size = size;
    }

    /** The encodings of all cells of the space, in its index order (built in parallel; ~1 s for the full space). */
    public static Arch2VecDataset of(SearchSpace space) {
        return build(space.size(), space::get);
    }

    /** The encodings of the given cells, in order. */
    public static Arch2VecDataset of(List<CellSpec> cells) {
        return build(cells.size(), cells::get);
    }

    private static Arch2VecDataset build(int n, IntFunction<CellSpec> cell) {
        float[] adj = new float[n * ADJ], ops = new float[n * OPS];
        IntStream.range(0, n).parallel().forEach(i -> {
            Arch2VecEncoding e = Arch2VecEncoding.encode(cell.apply(i));
            System.arraycopy(e.adjacencyFlat(), 0, adj, i * ADJ, ADJ);
            System.arraycopy(e.opsFlat(), 0, ops, i * OPS, OPS);
        });
        return new Arch2VecDataset(adj, ops, n);
    }

    public int size() {
        return size;
    }

    /** Cell {@code i}'s adjacency, 49 values row-major (a copy). */
    public float[] adjacency(int i) {
        return Arrays.copyOfRange(adjacency, i * ADJ, (i + 1) * ADJ);
    }

    /** Cell {@code i}'s one-hot ops, 35 values row-major (a copy). */
    public float[] ops(int i) {
        return Arrays.copyOfRange(ops, i * OPS, (i + 1) * OPS);
    }

    /** A batch: ops {@code (b, 7, 5)} and adjacency {@code (b, 7, 7)} of {@code indices[from..to)}. */
    public NDArray[] batch(int[] indices, int from, int to) {
        int b = to - from;
        float[] o = new float[b * OPS], a = new float[b * ADJ];
        for (int k = 0; k < b; k++) {
            int i = indices[from + k];
            System.arraycopy(ops, i * OPS, o, k * OPS, OPS);
            System.arraycopy(adjacency, i * ADJ, a, k * ADJ, ADJ);
        }
        return new NDArray[] {NDArray.of(o, b, Arch2VecEncoding.NODES, Arch2VecEncoding.OP_COUNT),
            NDArray.of(a, b, Arch2VecEncoding.NODES, Arch2VecEncoding.NODES)};
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

    /** Permuted training and held-out indices. */
    public record Split(int[] train, int[] heldOut) {
        /** The first {@code limit} of each part (for quick runs; 0 or less keeps everything). */
        public Split limit(int limit) {
            if (limit <= 0) return this;
            return new Split(Arrays.copyOf(train, Math.min(limit, train.length)), Arrays.copyOf(heldOut, Math.min(limit, heldOut.length)));
        }
    }
}
