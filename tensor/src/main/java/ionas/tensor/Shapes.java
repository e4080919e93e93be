package ionas.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: sizes, strides, broadcasting, dimension arguments. */
public final class Shapes {
    private Shapes() {}

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The number of elements, with a clear error where it would not fit in an int. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative size in shape " + str(shape));
            n *= d;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous array of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** NumPy broadcasting: align from the right; each pair of sizes must match or one must be 1. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** A dimension argument that may count from the end ({@code -1} is the last). */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor of rank " + rank);
        }
        return d;
    }

    /** Normalised, sorted, duplicate-free dimensions; no dimensions at all means all of them. */
    public static int[] dims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            Arrays.setAll(all, i -> i);
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int d : dims) {
            int n = dim(op, d, rank);
            if (seen[n]) throw new IllegalArgumentException(op + ": dimension " + d + " is given twice");
            seen[n] = true;
        }
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < rank; i++) if (seen[i]) out[k++] = i;
        return Arrays.copyOf(out, k);
    }

    /** The shape with the given sorted dimensions set to 1 (keepdim) or removed. */
    public static int[] reduced(int[] shape, int[] sortedDims, boolean keepdim) {
        int[] out = new int[keepdim ? shape.length : shape.length - sortedDims.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            boolean r = Arrays.binarySearch(sortedDims, i) >= 0;
            if (!r) out[k++] = shape[i];
            else if (keepdim) out[k++] = 1;
        }
        return out;
    }
}
