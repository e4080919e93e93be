package ionas.tensor;

import java.util.Locale;

/** Formats an array the way PyTorch prints one, eliding the middle of long dimensions. */
final class Printer {
    private Printer() {}

    private static final int EDGE = 3; // elements kept at each end of a dimension longer than 2*EDGE

    static String format(NDArray x) {
        StringBuilder sb = new StringBuilder("tensor(");
        double[] v = x.toDoubleArray();
        int[] shape = x.shape();
        if (shape.length == 0) sb.append(number(v[0]));
        else append(sb, v, shape, Shapes.contiguousStrides(shape), 0, 0, 7);
        sb.append(", shape=").append(Shapes.str(shape));
        if (x.dtype() != DType.FLOAT32) sb.append(", dtype=").append(x.dtype());
        if (!x.device().equals(Device.CPU)) sb.append(", device=").append(x.device());
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, double[] v, int[] shape, int[] strides, int dim, int off, int indent) {
        sb.append('[');
        int n = shape[dim];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE;
            }
            if (dim == shape.length - 1) sb.append(number(v[off + i * strides[dim]]));
            else append(sb, v, shape, strides, dim + 1, off + i * strides[dim], indent);
            if (i < n - 1) sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
        }
        sb.append(']');
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
