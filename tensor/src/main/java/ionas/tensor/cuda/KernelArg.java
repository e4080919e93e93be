package ionas.tensor.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One kernel parameter as the bytes the kernel receives (little-endian, as on every CUDA host):
 * what {@code cuLaunchKernel}'s {@code kernelParams} entry points at. Keeping the raw bytes, rather
 * than JCuda pointer objects, lets a {@link DeviceDriver} other than the JCuda one (the tests' CPU
 * emulator) pass them on, and check each one's size against the kernel's parameter.
 */
record KernelArg(byte[] bytes) {
    /** A device pointer, as its 8-byte address. */
    static KernelArg ptr(long address) {
        return i64(address);
    }

    static KernelArg i32(int v) {
        return new KernelArg(buffer(4).putInt(0, v).array());
    }

    static KernelArg i64(long v) {
        return new KernelArg(buffer(8).putLong(0, v).array());
    }

    static KernelArg f32(float v) {
        return new KernelArg(buffer(4).putFloat(0, v).array());
    }

    static KernelArg f64(double v) {
        return new KernelArg(buffer(8).putDouble(0, v).array());
    }

    /** A struct of ints passed by value (pool.cu's {@code Pool}). */
    static KernelArg ints(int[] fields) {
        ByteBuffer b = buffer(4 * fields.length);
        for (int i = 0; i < fields.length; i++) b.putInt(4 * i, fields[i]);
        return new KernelArg(b.array());
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
