package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** Views share storage and copy nothing; contiguous() copies only when it must. On every device where it computes. */
class ViewsTest {
    private static NDArray range(int... shape) {
        return NDArray.arange(Shapes.numel(shape)).reshape(shape);
    }

    private static NDArray range(TestDevice d, int... shape) {
        return d.put(range(shape));
    }

    @OnEachDevice
    void writesThroughAViewAreSeenByTheBase(TestDevice d) {
        NDArray base = d.put(NDArray.zeros(3, 4));
        base.narrow(1, 1, 2).fill_(7);
        base.select(0, 2).narrow(0, 0, 1).fill_(5);
        assertArrayEquals(new float[] {0, 7, 7, 0, 0, 7, 7, 0, 5, 7, 7, 0}, base.toFloatArray());
    }

    @Test
    void viewsShareStorage() {
        NDArray x = range(2, 3, 4);
        assertSame(x.storage(), x.permute(2, 0, 1).storage());
        assertSame(x.storage(), x.view(6, 4).storage());
        assertSame(x.storage(), x.narrow(2, 1, 2).storage());
        assertSame(x.storage(), x.unsqueeze(1).expand(2, 5, 3, 4).storage());
        assertSame(x.storage(), x.unsqueeze(0).squeeze(0).storage());
        assertSame(x, x.contiguous(), "contiguous() of a contiguous array is the array itself");
    }

    @OnEachDevice
    void permuteReordersElements(TestDevice d) {
        NDArray x = range(d, 2, 3);
        NDArray t = x.transpose(0, 1);
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new int[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
        NDArray c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toFloatArray());
    }

    @OnEachDevice
    void expandUsesStrideZero(TestDevice d) {
        NDArray col = range(d, 3, 1);
        NDArray e = col.expand(3, 4);
        assertArrayEquals(new int[] {1, 0}, e.strides());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, e.toFloatArray());
        NDArray lead = d.put(NDArray.arange(2)).expand(3, 2);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, lead.toFloatArray());
        var err = assertThrows(IllegalArgumentException.class, () -> range(3, 2).expand(3, 4));
        assertTrue(err.getMessage().contains("[3, 2]") && err.getMessage().contains("[3, 4]"), err.getMessage());
    }

    @OnEachDevice
    void viewOfNonContiguousWorksWhereStridesAllowAndReshapeCopiesOtherwise(TestDevice d) {
        NDArray x = range(d, 4, 6).narrow(1, 0, 4); // rows of 4 inside rows of 6
        NDArray split = x.view(4, 2, 2); // splitting the last dim is a view
        assertSame(x.storage(), split.storage());
        assertArrayEquals(new float[] {0, 1, 2, 3, 6, 7, 8, 9, 12, 13, 14, 15, 18, 19, 20, 21}, split.toFloatArray());
        var err = assertThrows(IllegalArgumentException.class, () -> x.view(16));
        assertTrue(err.getMessage().contains("reshape"), err.getMessage());
        NDArray flat = x.reshape(16);
        assertArrayEquals(split.toFloatArray(), flat.toFloatArray());
        assertFalse(flat.storage() == x.storage());
        NDArray t = range(d, 2, 3, 4).permute(1, 0, 2); // (3,2,4) with strides (4,12,1)
        assertSame(t.storage(), t.view(3, 2, 2, 2).storage()); // splitting a dim is always a view
        assertThrows(IllegalArgumentException.class, () -> t.view(3, 8)); // merging dims 1 and 2 is not
    }

    @Test
    void reshapeInfersMinusOne() {
        assertArrayEquals(new int[] {2, 12}, range(2, 3, 4).reshape(2, -1).shape());
        var err = assertThrows(IllegalArgumentException.class, () -> range(2, 3).reshape(4, -1));
        assertTrue(err.getMessage().contains("reshape"), err.getMessage());
    }

    @Test
    void squeezeAndUnsqueeze() {
        NDArray x = range(2, 1, 3);
        assertArrayEquals(new int[] {2, 3}, x.squeeze(1).shape());
        assertArrayEquals(new int[] {2, 1, 3, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1, 2, 1, 3}, x.unsqueeze(0).shape());
        var err = assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
        assertTrue(err.getMessage().contains("size 2"), err.getMessage());
    }

    @Test
    void narrowOutOfRangeNamesTheDimension() {
        var err = assertThrows(IndexOutOfBoundsException.class, () -> range(2, 3).narrow(1, 2, 2));
        assertTrue(err.getMessage().contains("dimension 1 of size 3"), err.getMessage());
    }

    @OnEachDevice
    void copyIntoAStridedViewAndBroadcastCopy(TestDevice d) {
        NDArray dst = d.put(NDArray.zeros(3, 3));
        dst.transpose(0, 1).narrow(0, 0, 1).copy_(d.put(NDArray.of(new float[] {1, 2, 3}, 1, 3))); // first column
        assertArrayEquals(new float[] {1, 0, 0, 2, 0, 0, 3, 0, 0}, dst.toFloatArray());
        dst.copy_(d.put(NDArray.scalar(4)));
        assertEquals(36, dst.sum().item(), 0);
    }

    @OnEachDevice
    void getReadsOneElementOfAView(TestDevice d) {
        NDArray x = range(d, 3, 4).transpose(0, 1);
        assertEquals(9, x.get(1, 2), 0); // x[1][2] = original[2][1]
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(4, 0));
    }
}
