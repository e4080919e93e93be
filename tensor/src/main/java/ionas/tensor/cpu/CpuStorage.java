package ionas.tensor.cpu;

import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Storage;

/**
 * A Java array on the heap: {@code float[]} for float32, {@code double[]} for float64. Its device
 * is the CPU, except for the arrays of a {@link CpuBackend#simulating simulated} device.
 *
 * <p>A storage the backend allocated inside a {@link ionas.tensor.MemoryScope} goes back to its
 * thread's {@link ArrayPool} when the scope releases it, and the next allocation of the same size
 * reuses the array instead of asking the collector for a fresh one. Using it afterwards fails, as
 * a released device storage does, rather than reading an array that now holds someone else's data.
 */
public final class CpuStorage implements Storage {
    private final float[] floats;
    private final double[] doubles;
    private final Device device;
    /** Whether {@link #release} may hand the array to the pool: only arrays the backend allocated. */
    private final boolean pooled;
    private boolean released;

    public CpuStorage(float[] floats, double[] doubles, Device device) {
        this(floats, doubles, device, false);
    }

    CpuStorage(float[] floats, double[] doubles, Device device, boolean pooled) {
        if ((floats == null) == (doubles == null))
            throw new IllegalArgumentException("a CPU storage holds exactly one of float[] and double[]");
        this.floats = floats;
        this.doubles = doubles;
        this.device = device;
        this.pooled = pooled;
    }

    public static CpuStorage of(float[] v) { return new CpuStorage(v, null, Device.CPU); }
    public static CpuStorage of(double[] v) { return new CpuStorage(null, v, Device.CPU); }

    /** The float32 elements, or null for a float64 storage. */
    public float[] floats() {
        checkLive();
        return floats;
    }

    /** The float64 elements, or null for a float32 storage. */
    public double[] doubles() {
        checkLive();
        return doubles;
    }

    @Override public Device device() { return device; }
    @Override public DType dtype() { return floats != null ? DType.FLOAT32 : DType.FLOAT64; }
    @Override public int size() { return floats != null ? floats.length : doubles.length; }

    @Override
    public void release() {
        if (released) return;
        released = true;
        if (pooled && floats != null) ArrayPool.give(floats);
    }

    private void checkLive() {
        if (released)
            throw new IllegalStateException("this CPU storage has been released (its MemoryScope closed, or backward"
                    + " freed it); keep() what must outlive the scope");
    }

    @Override
    public String toString() {
        return "CpuStorage[" + dtype() + " x " + size() + ", " + device + (released ? ", released" : "") + "]";
    }
}
