package ionas.tensor.cuda.driver;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jcuda.Pointer;

/**
 * The arguments of one kernel launch, laid out as {@code cuLaunchKernel} takes them, in native
 * memory allocated once and rewritten for every launch, so that a launch allocates nothing:
 *
 * <pre>
 *   values  [arg 0][pad][arg 1][arg 2]...   each argument's bytes, little-endian (every CUDA host is),
 *                                           at an offset aligned to 8 bytes (a struct's to 16)
 *   table   [&amp;arg 0][&amp;arg 1][&amp;arg 2]...   their addresses: the void** that is kernelParams
 *   sizes   [4][8][296]...                  their sizes in bytes (long long), for the checks below
 * </pre>
 *
 * <p>{@link #clear()} starts a new list; {@link #ptr}, {@link #i32}, {@link #i64}, {@link #f32},
 * {@link #f64} and the two {@code struct}s append one argument each, in the kernel's parameter
 * order. The driver reads the table's first {@link #count()} entries during its launch call
 * ({@code cuLaunchKernel} copies the values it points at before returning), so the list may be
 * cleared and rewritten as soon as the launch returns.
 *
 * <p>The sizes let a driver compare the list with the kernel's parameters before it launches
 * ({@link #mismatch}): the emulator and the recording driver refuse a launch with too few or too
 * many arguments, or one whose size differs from its parameter's, and so does the GPU's driver where
 * it has the PTX. The GPU itself would read past a short list, or misread a wide one, silently.
 *
 * <p>Not thread-safe: one thread writes a list and launches from it. {@code CudaLaunch} gives each
 * thread its own; see there for what happens on misuse.
 */
public final class KernelArgs {
    /** The most arguments a launch may have (ionas's kernels take at most 17). */
    public static final int MAX_ARGS = 32;
    /**
     * Bytes for the values: CUDA's parameter space is 4,096 bytes per kernel (up to 32,764 since
     * CUDA 12.1 on Volta and newer); twice that leaves room for the alignment padding.
     */
    public static final int VALUE_BYTES = 8192;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment values, table, sizes;
    /** JCudaDeviceDriver's kernelParams: a Pointer to {@link #table}, made on its first launch. */
    private Pointer jcudaKernelParams;
    private int count;
    /** Bytes of {@link #values} in use. */
    private long used;

    /** An empty list; its native memory is freed when the list is garbage. */
    public KernelArgs() {
        Arena arena = Arena.ofAuto();
        values = arena.allocate(VALUE_BYTES, 16);
        table = arena.allocate(8L * MAX_ARGS, 8);
        sizes = arena.allocate(8L * MAX_ARGS, 8);
    }

    /** Empties the list for the next launch. */
    public KernelArgs clear() {
        count = 0;
        used = 0;
        return this;
    }

    /** A device pointer, as its 8-byte address (a view's offset already added). */
    public KernelArgs ptr(long address) {
        return i64(address);
    }

    public KernelArgs i32(int v) {
        values.set(I32, slot(4, 8), v);
        return this;
    }

    public KernelArgs i64(long v) {
        values.set(I64, slot(8, 8), v);
        return this;
    }

    public KernelArgs f32(float v) {
        values.set(F32, slot(4, 8), v);
        return this;
    }

    public KernelArgs f64(double v) {
        values.set(F64, slot(8, 8), v);
        return this;
    }

    /** A struct passed by value, as its little-endian bytes ({@code CudaLayout.pack}). */
    public KernelArgs struct(byte[] bytes) {
        MemorySegment.copy(bytes, 0, values, JAVA_BYTE, slot(bytes.length, 16), bytes.length);
        return this;
    }

    /** A struct of ints passed by value (pool.cu's {@code Pool}). */
    public KernelArgs struct(int[] fields) {
        long at = slot(4 * fields.length, 16);
        for (int i = 0; i < fields.length; i++) values.set(I32, at + 4L * i, fields[i]);
        return this;
    }

    /**
     * Claims the next argument's {@code bytes} bytes at an offset aligned to {@code alignment},
     * records its address and size, and returns the offset for the caller to write the value at.
     */
    private long slot(int bytes, int alignment) {
        if (count == MAX_ARGS)
            throw new IllegalStateException("a kernel launch takes at most " + MAX_ARGS + " arguments");
        long at = (used + alignment - 1) / alignment * alignment;
        if (at + bytes > VALUE_BYTES)
            throw new IllegalStateException("kernel arguments of more than " + VALUE_BYTES + " bytes (argument " + count
                    + " has " + bytes + "); CUDA's parameter space is 4,096 bytes");
        table.setAtIndex(ValueLayout.JAVA_LONG, count, values.address() + at); // host addresses are 64-bit
        sizes.setAtIndex(ValueLayout.JAVA_LONG, count, bytes);
        count++;
        used = at + bytes;
        return at;
    }

    /**
     * A copy of the list in its own native memory: what a captured launch keeps, since the
     * original is rewritten for the next launch (a GPU's stream capture copies the values too).
     */
    public KernelArgs copy() {
        KernelArgs c = new KernelArgs();
        MemorySegment.copy(values, 0, c.values, 0, used);
        for (int i = 0; i < count; i++) {
            long offset = table.getAtIndex(ValueLayout.JAVA_LONG, i) - values.address();
            c.table.setAtIndex(ValueLayout.JAVA_LONG, i, c.values.address() + offset);
            c.sizes.setAtIndex(ValueLayout.JAVA_LONG, i, sizes.getAtIndex(ValueLayout.JAVA_LONG, i));
        }
        c.count = count;
        c.used = used;
        return c;
    }

    /** The number of arguments in the list. */
    public int count() {
        return count;
    }

    /** The size in bytes of argument {@code i}. */
    public int size(int i) {
        return (int) sizes.getAtIndex(ValueLayout.JAVA_LONG, checkIndex(i));
    }

    /** The bytes of argument {@code i}, a view of the list (for tests and error messages). */
    public MemorySegment bytes(int i) {
        long address = table.getAtIndex(ValueLayout.JAVA_LONG, checkIndex(i));
        return values.asSlice(address - values.address(), size(i));
    }

    /** {@code void** kernelParams}: the address of each argument's bytes, {@link #count()} entries in use. */
    public MemorySegment table() {
        return table;
    }

    /** {@code const long long* sizes}: each argument's size in bytes, {@link #count()} entries in use. */
    public MemorySegment sizes() {
        return sizes;
    }

    /**
     * {@link #table()} as JCuda's {@code cuLaunchKernel} takes {@code kernelParams}: a Pointer to a
     * direct buffer, whose address JCuda passes on as the {@code void**}. Made once: JCuda reads
     * the address at each call, and the driver reads the table's current entries.
     */
    Pointer jcudaKernelParams() {
        if (jcudaKernelParams == null) jcudaKernelParams = Pointer.to(table.asByteBuffer());
        return jcudaKernelParams;
    }

    /**
     * Null when the list fits parameters of {@code paramBytes} bytes each, else what is wrong, in the
     * emulator's words. Allocates nothing when it fits: drivers run it on every launch.
     */
    public String mismatch(int[] paramBytes) {
        if (count != paramBytes.length) return count + " arguments passed, the kernel takes " + paramBytes.length;
        for (int i = 0; i < count; i++) {
            if (size(i) != paramBytes[i])
                return "argument " + i + " has " + size(i) + " bytes, the kernel's parameter " + paramBytes[i];
        }
        return null;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("argument " + i + " of " + count);
        return i;
    }
}
