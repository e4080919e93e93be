package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.BinaryOp;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** Elementwise ops through the tensor layer: broadcasting, strided inputs, dtypes, errors; on every device where they compute. */
class ElementwiseTest {
    @OnEachDevice
    void broadcastingFollowsNumpy(TestDevice d) {
        NDArray a = d.put(NDArray.arange(6).reshape(2, 3, 1)); // (2,3,1)
        NDArray b = d.put(NDArray.arange(4).mul(10));           // (4)
        NDArray c = a.add(b);
        assertArrayEquals(new int[] {2, 3, 4}, c.shape());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) assertEquals(i * 3 + j + 10 * k, c.get(i, j, k), 0);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        var err = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(2, 3).mul(NDArray.zeros(4)));
        String m = err.getMessage();
        assertTrue(m.startsWith("mul") && m.contains("[2, 3]") && m.contains("[4]"), m);
        var mm = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(2, 3).matmul(NDArray.zeros(4, 5)));
        assertTrue(mm.getMessage().startsWith("matmul") && mm.getMessage().contains("[2, 3]") && mm.getMessage().contains("[4, 5]"));
    }

    @OnEachDevice
    void everyBinaryOpOnAStridedBroadcastPairMatchesItsDefinition(TestDevice d) {
        NDArray a = d.put(NDArray.randn(new Generator(1), 5, 7)).transpose(0, 1); // (7,5) non-contiguous
        NDArray b = d.put(NDArray.rand(new Generator(2), 5).add(0.5));           // broadcast along rows
        for (BinaryOp op : BinaryOp.values()) {
            NDArray y = a.binary(op, b);
            for (int i = 0; i < 7; i++)
                for (int j = 0; j < 5; j++) {
                    double expected = (float) op.apply((float) a.get(i, j), (float) b.get(j));
                    double tol = Double.isNaN(expected) ? 0 : 1e-6 * Math.max(1, Math.abs(expected));
                    assertEquals(expected, y.get(i, j), tol, op + " at " + i + "," + j);
                }
        }
    }

    @Test
    void unaryOpsOnFloat64UseTheDefinitionExactly() {
        NDArray x = NDArray.of(new double[] {-2, -0.5, 0, 0.5, 2}, 5);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 2}, x.relu().toDoubleArray());
        assertArrayEquals(new double[] {Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(2)}, x.tanh().toDoubleArray());
        assertEquals(DType.FLOAT64, x.exp().dtype());
    }

    @OnEachDevice
    void sigmoidIsStableAtTheExtremes(TestDevice d) {
        NDArray x = d.put(NDArray.of(new float[] {-400, -300, 0, 300, 400}, 5));
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, x.sigmoid().toFloatArray());
    }

    @Test
    void mixedDtypesPromoteToFloat64() {
        NDArray y = NDArray.ones(2).add(NDArray.of(new double[] {0.5, 1.5}, 2));
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {1.5, 2.5}, y.toDoubleArray());
    }

    @OnEachDevice
    void whereAndClamp(TestDevice d) {
        NDArray x = d.put(NDArray.of(new float[] {-3, -1, 0, 1, 3}, 5));
        assertArrayEquals(new float[] {-2, -1, 0, 1, 2}, x.clamp(-2, 2).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 3}, NDArray.where(x.gt(0), x, d.put(NDArray.scalar(0))).toFloatArray());
    }

    @OnEachDevice
    void randomDrawsDependOnSeedAndOffsetOnly(TestDevice d) {
        Generator g1 = new Generator(9), g2 = new Generator(9);
        NDArray whole = NDArray.random(g1, false, DType.FLOAT32, d.device(), 10);
        NDArray first = NDArray.random(g2, false, DType.FLOAT32, d.device(), 4), rest = NDArray.random(g2, false, DType.FLOAT32, d.device(), 6);
        assertArrayEquals(whole.toFloatArray(), NDArray.cat(java.util.List.of(first, rest), 0).toFloatArray());
        assertEquals(10, g1.offset());
        // the same Philox stream on every device: the CPU's numbers, exactly
        assertArrayEquals(NDArray.rand(new Generator(9), 10).toFloatArray(), whole.toFloatArray());
        NDArray mask = NDArray.bernoulli(new Generator(3), 0.3, DType.FLOAT32, d.device(), 100_000);
        assertEquals(0.3, mask.mean().item(), 0.01);
    }

    @Test
    void cudaTensorsFailClearlyWithoutACudaBackend() {
        assumeTrue(TestDevice.cudaUnavailableReason(Device.cuda(0)) != null, "a GPU is usable here");
        var err = assertThrows(UnsupportedOperationException.class,
                () -> NDArray.zeros(DType.FLOAT32, Device.cuda(0), 2));
        assertTrue(err.getMessage().contains("cuda:0"), err.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        String s = NDArray.arange(4).reshape(2, 2).toString();
        assertEquals("tensor([[0.0000, 1.0000],\n        [2.0000, 3.0000]], shape=[2, 2])", s);
    }
}
