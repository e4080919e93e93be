package ionas.tensor.cpu;

import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Storage;

/**
 * A Java array on the heap: {@code float[]} for float32, {@code double[]} for float64. Its device
 * is the CPU, except for the arrays of a {@link CpuBackend#simulating simulated} device.
 */
public record CpuStorage(float[] floats, double[] doubles, Device device) implements Storage {
    public CpuStorage {
        if ((floats == null) == (doubles == null))
            throw new IllegalArgumentException("a CPU storage holds exactly one of float[] and double[]");
    }

    public static CpuStorage of(float[] v) { return new CpuStorage(v, null, Device.CPU); }
    public static CpuStorage of(double[] v) { return new CpuStorage(null, v, Device.CPU); }

    @Override public DType dtype() { return floats != null ? DType.FLOAT32 : DType.FLOAT64; }
    @Override public int size() { return floats != null ? floats.length : doubles.length; }
}
