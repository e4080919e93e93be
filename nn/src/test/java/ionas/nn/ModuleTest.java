package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.GINLayer;
import ionas.nn.layers.LSTMCell;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** Linear(2,3), ReLU, [Linear(3,3, no bias), BatchNorm1d(3)]. */
    private static Sequential nested() {
        return new Sequential(new Linear(2, 3, new Generator(0)), Activation.relu(),
                new Sequential(new Linear(3, 3, false, new Generator(0)), BatchNorm.batchNorm1d(3)));
    }

    @Test
    void namedParametersAreDottedAndInRegistrationOrder() {
        Sequential m = nested();
        assertEquals(List.of("0", "1", "2"), new ArrayList<>(m.children().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight", "2.1.weight", "2.1.bias"),
                new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("2.1.running_mean", "2.1.running_var", "2.1.num_batches_tracked"),
                new ArrayList<>(m.namedBuffers().keySet()));
        assertEquals(new ArrayList<>(m.namedParameters().values()), m.parameters());
        assertEquals(2 * 3 + 3 + 3 * 3 + 3 + 3, m.parameterCount());
    }

    @Test
    void stateDictHoldsParametersAndBuffersThemselves() {
        Sequential m = nested();
        Map<String, NDArray> s = m.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight", "2.1.weight", "2.1.bias",
                "2.1.running_mean", "2.1.running_var", "2.1.num_batches_tracked"), new ArrayList<>(s.keySet()));
        assertSame(m.namedParameters().get("0.weight").data(), s.get("0.weight"));
        assertSame(m.namedBuffers().get("2.1.running_var"), s.get("2.1.running_var"));
        assertArrayEquals(new int[0], s.get("2.1.num_batches_tracked").shape(), "a scalar, as PyTorch's");
    }

    /** ionas' names and their order are PyTorch's state_dict (the fixtures hold PyTorch's, in its order). */
    @Test
    void stateDictNamesAndOrderArePyTorchs() {
        assertPyTorchNames("layers/linear_bias", new Linear(5, 3, new Generator(0)));
        assertPyTorchNames("layers/linear_nobias", new Linear(5, 3, false, new Generator(0)));
        assertPyTorchNames("layers/conv2d_s2p1_bias", new Conv2d(3, 4, 3, 2, 1, true, new Generator(0)));
        assertPyTorchNames("layers/bn2d_train", BatchNorm.batchNorm2d(3));
        assertPyTorchNames("layers/lstm_cell_one_step", new LSTMCell(5, 4, new Generator(0)));
        assertPyTorchNames("layers/gin_layer_train", new GINLayer(5, 6, new Generator(0)));
        Sequential convBnRelu = new Sequential(
                new Conv2d(3, 8, 3, 1, 1, false, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                new Conv2d(8, 8, 3, 1, 1, true, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                Pooling.maxPool2d(2, 2, 0), Pooling.globalAvgPool(), new Linear(8, 10, new Generator(0)));
        assertEquals(new ArrayList<>(Golden.load("e2e/convbnrelu_init").with("").keySet()), new ArrayList<>(convBnRelu.stateDict().keySet()));
        assertEquals(new ArrayList<>(Golden.load("e2e/gin_encoder_init").with("").keySet()),
                new ArrayList<>(new GinEncoder(5, 16, 4, 4).stateDict().keySet()));
    }

    private static void assertPyTorchNames(String fixture, Module m) {
        assertEquals(new ArrayList<>(Golden.load(fixture).with("state.").keySet()), new ArrayList<>(m.stateDict().keySet()), fixture);
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        Sequential m = nested();
        Sequential inner = (Sequential) m.get(2);
        assertTrue(m.isTraining() && inner.isTraining() && inner.get(1).isTraining());
        assertSame(m, m.eval());
        assertFalse(m.isTraining());
        assertFalse(m.get(0).isTraining());
        assertFalse(inner.isTraining());
        assertFalse(inner.get(1).isTraining());
        m.train(true);
        assertTrue(inner.get(1).isTraining());
        inner.eval(); // a subtree alone
        assertTrue(m.isTraining());
        assertFalse(inner.get(0).isTraining());
    }

    @Test
    void evalModeBatchNormUsesAndKeepsTheRunningStatistics() {
        BatchNorm bn = BatchNorm.batchNorm1d(2);
        bn.runningMean().copy_(NDArray.of(new float[] {1, -1}, 2));
        bn.runningVar().copy_(NDArray.of(new float[] {4, 9}, 2));
        bn.eval();
        float[] y = bn.forward(Tensor.of(NDArray.of(new float[] {3, 2, 1, -4}, 2, 2))).toFloatArray();
        double s0 = Math.sqrt(4 + 1e-5), s1 = Math.sqrt(9 + 1e-5);
        assertArrayEquals(new float[] {(float) (2 / s0), (float) (3 / s1), (float) (0 / s0), (float) (-3 / s1)}, y, 1e-6f);
        assertArrayEquals(new float[] {1, -1}, bn.runningMean().toFloatArray());
        assertEquals(0, bn.stateDict().get("num_batches_tracked").item());
    }

    @Test
    void loadStateDictStrictListsEveryMissingAndUnexpectedName() {
        Sequential m = nested();
        Map<String, NDArray> state = new LinkedHashMap<>(m.stateDict());
        state.remove("0.bias");
        state.remove("2.1.running_var");
        state.put("2.1.extra", NDArray.zeros(3));
        state.put("3.weight", NDArray.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        String msg = e.getMessage();
        for (String s : List.of("missing '0.bias'", "missing '2.1.running_var'", "unexpected '2.1.extra'", "unexpected '3.weight'"))
            assertTrue(msg.contains(s), () -> "'" + s + "' not in: " + msg);
    }

    @Test
    void loadStateDictRejectsAWrongShapeEvenWhenNotStrict() {
        Sequential m = nested();
        Map<String, NDArray> state = new LinkedHashMap<>(m.stateDict());
        state.put("2.0.weight", NDArray.zeros(3, 2));
        float[] before = m.stateDict().get("0.weight").toFloatArray();
        state.put("0.weight", NDArray.ones(3, 2)); // a valid entry: must not be half-applied
        for (boolean strict : new boolean[] {true, false}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, strict));
            assertTrue(e.getMessage().contains("'2.0.weight' has shape [3, 2] in the state but [3, 3] in the model"), e.getMessage());
        }
        assertArrayEquals(before, m.stateDict().get("0.weight").toFloatArray(), "nothing is copied when a check fails");
    }

    @Test
    void loadStateDictCopiesValuesAndNonStrictIgnoresExtraAndMissing() {
        Sequential a = nested(), b = nested();
        Map<String, NDArray> state = new LinkedHashMap<>(a.stateDict());
        state.remove("2.0.weight");
        state.put("unrelated", NDArray.zeros(2));
        a.stateDict().get("2.1.running_mean").fill_(0.25);
        float[] bInner = b.stateDict().get("2.0.weight").toFloatArray();
        b.loadStateDict(state, false);
        assertArrayEquals(a.stateDict().get("0.weight").toFloatArray(), b.stateDict().get("0.weight").toFloatArray());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, b.stateDict().get("2.1.running_mean").toFloatArray());
        assertArrayEquals(bInner, b.stateDict().get("2.0.weight").toFloatArray());
        // copied, not shared
        assertFalse(a.stateDict().get("0.weight") == b.stateDict().get("0.weight"));
        a.stateDict().get("0.weight").fill_(7);
        assertFalse(b.stateDict().get("0.weight").toFloatArray()[0] == 7f);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Sequential m = nested();
        Tensor y = m.forward(Tensor.of(NDArray.ones(4, 2)));
        y.sum().backward();
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() != null));
        m.zeroGrad();
        m.parameters().forEach(p -> assertNull(p.grad()));
    }

    /** A module that registers what it is told to. */
    private static final class Bag extends Module {
        void param(String name) { parameter(name, NDArray.zeros(1)); }
        void buf(String name) { buffer(name, NDArray.zeros(1)); }
        void child(String name) { module(name, new Bag()); }
    }

    @Test
    void memberNamesMustBeUniqueAndDotFree() {
        Bag b = new Bag();
        b.param("w");
        assertThrows(IllegalArgumentException.class, () -> b.param("w"));
        assertThrows(IllegalArgumentException.class, () -> b.buf("w"));
        assertThrows(IllegalArgumentException.class, () -> b.child("w"));
        assertThrows(IllegalArgumentException.class, () -> b.param("a.b"));
        assertThrows(IllegalArgumentException.class, () -> b.param(""));
    }

    @Test
    void parametersRequireGradients() {
        Linear l = new Linear(2, 2, new Generator(0));
        assertTrue(l.weight.requiresGrad());
        assertTrue(l.weight.isLeaf());
    }
}
