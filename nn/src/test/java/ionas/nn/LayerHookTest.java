package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ionas.autograd.Tensor;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerHookTest {
    @Test
    void hooksWrapTheForwardPassInOrderAndCloseCleanly() {
        Linear lin = new Linear(2, 2, new Generator(0));
        Tensor x = Tensor.of(new float[] {1, -2}, 1, 2);
        float[] plain = lin.forward(x).toFloatArray();
        List<String> calls = new ArrayList<>();
        LayerHook.Registration doubled = lin.addHook((layer, in, forward) -> {
            calls.add("inner");
            return forward.apply(in).mul(2);
        });
        LayerHook.Registration plusOne = lin.addHook((layer, in, forward) -> {
            calls.add("outer");
            return forward.apply(in).add(1);
        });
        float[] hooked = lin.forward(x).toFloatArray();
        assertArrayEquals(new float[] {2 * plain[0] + 1, 2 * plain[1] + 1}, hooked, 1e-6f); // the later hook runs outside
        assertArrayEquals(new String[] {"outer", "inner"}, calls.toArray());
        doubled.close();
        assertArrayEquals(new float[] {plain[0] + 1, plain[1] + 1}, lin.forward(x).toFloatArray(), 1e-6f);
        plusOne.close();
        assertArrayEquals(plain, lin.forward(x).toFloatArray(), 0f);
    }

    @Test
    void aHookMayReplaceTheComputation() {
        Linear lin = new Linear(3, 3, new Generator(0));
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        try (var skip = lin.addHook((layer, in, forward) -> in)) {
            assertArrayEquals(x.toFloatArray(), lin.forward(x).toFloatArray(), 0f);
        }
    }
}
