package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import org.junit.jupiter.api.Test;

/**
 * The bytes of elementwise.cu's {@code struct Layout} for a few views, against hand-computed
 * struct offsets (ndim at 0, shape at 4, out at 40, a at 104, b at 168, c at 232, as the .cu file
 * static_asserts them), and view offsets becoming pointer offsets. No GPU needed.
 */
class CudaLayoutTest {
    /** 296 zero bytes with little-endian values written at the given byte offsets. */
    private static final class Bytes {
        final byte[] b = new byte[296];

        Bytes i32(int at, int v) {
            for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (8 * k));
            return this;
        }

        Bytes i64(int at, long v) {
            for (int k = 0; k < 8; k++) b[at + k] = (byte) (v >>> (8 * k));
            return this;
        }
    }

    private static byte[] pack(NDArray... views) {
        int[][] strides = new int[views.length + 1][];
        strides[0] = Shapes.contiguousStrides(views[0].shape()); // a fresh contiguous output
        for (int i = 0; i < views.length; i++) strides[i + 1] = views[i].strides();
        return CudaLayout.pack(views[0].shape(), strides);
    }

    @Test
    void contiguousMergesToOneDimension() {
        byte[] want = new Bytes().i32(0, 1).i32(4, 24).i64(40, 1).i64(104, 1).b;
        assertArrayEquals(want, pack(NDArray.zeros(2, 3, 4)));
    }

    @Test
    void transposeKeepsTwoDimensions() {
        NDArray t = NDArray.zeros(2, 3).transpose(0, 1); // shape (3, 2), strides (1, 3)
        byte[] want = new Bytes().i32(0, 2).i32(4, 3).i32(8, 2)
                .i64(40, 2).i64(48, 1)      // out: contiguous (2, 1)
                .i64(104, 1).i64(112, 3).b; // a: (1, 3)
        assertArrayEquals(want, pack(t));
    }

    @Test
    void sliceWithOffset() {
        NDArray s = NDArray.zeros(4, 5).narrow(1, 1, 3); // shape (4, 3), strides (5, 1), offset 1
        assertEquals(1, s.offset());
        byte[] want = new Bytes().i32(0, 2).i32(4, 4).i32(8, 3)
                .i64(40, 3).i64(48, 1)
                .i64(104, 5).i64(112, 1).b;
        assertArrayEquals(want, pack(s));
    }

    @Test
    void broadcastOperandsHaveZeroStrides() {
        NDArray col = NDArray.zeros(3, 1).expand(3, 4), row = NDArray.zeros(1, 4).expand(3, 4);
        byte[] want = new Bytes().i32(0, 2).i32(4, 3).i32(8, 4)
                .i64(40, 4).i64(48, 1)      // out
                .i64(104, 1).i64(112, 0)    // a = the column, broadcast along dimension 1
                .i64(168, 0).i64(176, 1).b; // b = the row, broadcast along dimension 0
        assertArrayEquals(want, pack(col, row));
    }

    @Test
    void whereConditionIsOperandC() {
        NDArray x = NDArray.zeros(2, 3).transpose(0, 1), c = NDArray.zeros(3, 2);
        byte[] bytes = CudaLayout.pack(new int[] {3, 2}, new int[] {2, 1}, c.strides(), c.strides(), x.strides());
        byte[] want = new Bytes().i32(0, 2).i32(4, 3).i32(8, 2).i64(40, 2).i64(48, 1).i64(104, 2).i64(112, 1)
                .i64(168, 2).i64(176, 1).i64(232, 1).i64(240, 3).b;
        assertArrayEquals(want, bytes);
    }

    @Test
    void sizeOneDimensionsAreDroppedAndAScalarHasNoDimensions() {
        assertArrayEquals(new Bytes().b, CudaLayout.pack(new int[] {1, 1}, new int[] {7, 9}));
        assertArrayEquals(new Bytes().b, CudaLayout.pack(new int[0], new int[0]));
    }

    @Test
    void moreThanEightDimensionsMustMerge() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        byte[] merged = CudaLayout.pack(shape, Shapes.contiguousStrides(shape));
        assertArrayEquals(new Bytes().i32(0, 1).i32(4, 512).i64(40, 1).b, merged);
        int[] scattered = {1, 3, 9, 27, 81, 243, 729, 2187, 6561}; // no two dimensions merge
        var e = assertThrows(IllegalArgumentException.class, () -> CudaLayout.pack(shape, scattered));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
    }

    @Test
    void viewOffsetBecomesAPointerOffset() {
        CachingAllocator allocator = new CachingAllocator(new FakeDeviceMemory(1 << 20));
        try (CudaStorage s = new CudaStorage(Device.cuda(0), allocator, 20)) {
            NDArray x = new NDArray(s, 4, 5);
            NDArray slice = x.narrow(0, 2, 2).narrow(1, 3, 2); // offset 2 * 5 + 3 = 13
            assertEquals(s.pointer(), CudaArrays.address("test", x));
            assertEquals(s.pointer() + 13 * Float.BYTES, CudaArrays.address("test", slice));
        }
    }

    @Test
    void float64InputIsRefusedNamingTheOp() {
        NDArray d = NDArray.of(new double[] {1, 2}, 2);
        var e = assertThrows(UnsupportedOperationException.class, () -> CudaArrays.storage("softmax", d));
        assertTrue(e.getMessage().contains("float32-only") && e.getMessage().contains("softmax"), e.getMessage());
    }
}
