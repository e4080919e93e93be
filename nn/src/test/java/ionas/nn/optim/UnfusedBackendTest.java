package ionas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nn.Parameter;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.cpu.CpuBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Training on a backend without the optional {@link FusedOptimizers} capability: the optimisers
 * and gradient clipping take the composed NDArray updates, which give the bits of the CPU's fused
 * ones. The backend is the CPU's kernels labelled cuda:0 behind a proxy that implements
 * {@link Backend} and nothing else.
 */
class UnfusedBackendTest {
    private static final Device UNFUSED = Device.cuda(0);

    @BeforeEach
    void install() {
        Backend cpu = CpuBackend.simulating(UNFUSED);
        Backends.registerCuda((Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
            try {
                return method.invoke(cpu, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @AfterEach
    void restore() {
        Backends.registerCuda(null);
    }

    @Test
    void theBackendLacksTheCapabilityAndTheCpuHasIt() {
        assertFalse(Backends.of(UNFUSED) instanceof FusedOptimizers);
        assertTrue(Backends.cpu() instanceof FusedOptimizers);
    }

    @Test
    void sgdWithMomentumAndClippingTrainsAsTheFusedUpdate() {
        assertSameTraining(ps -> new SGD(ps, 0.05, 0.9, 1e-3));
    }

    @Test
    void adamWithClippingTrainsAsTheFusedUpdate() {
        assertSameTraining(ps -> new Adam(ps, 1e-2, 0.9, 0.999, 1e-8, 1e-4));
    }

    /** Four clipped steps of two parameters on the CPU (fused) and on the unfused backend (composed): the same bits. */
    private static void assertSameTraining(Function<List<Parameter>, Optimizer> optimizer) {
        List<Parameter> fused = parameters(Device.CPU), composed = parameters(UNFUSED);
        Optimizer a = optimizer.apply(fused), b = optimizer.apply(composed);
        for (int step = 0; step < 4; step++) {
            for (int k = 0; k < 2; k++) {
                // gradients large enough that clipping to norm 1 scales them
                NDArray grad = NDArray.randn(new Generator(100 + 10 * step + k), 300 + k).mul(3);
                fused.get(k).setGrad(grad);
                composed.get(k).setGrad(grad.to(UNFUSED));
            }
            double normFused = GradClip.clipGradNorm(fused, 1.0).item(), normComposed = GradClip.clipGradNorm(composed, 1.0).item();
            assertEquals(normFused, normComposed, "step " + step + ": gradient norm");
            assertTrue(normFused > 1, "the gradients are clipped: norm " + normFused);
            a.step();
            b.step();
            for (int k = 0; k < 2; k++) {
                assertEquals(UNFUSED, composed.get(k).data().device());
                assertArrayEquals(fused.get(k).data().toFloatArray(), composed.get(k).data().toFloatArray(), "step " + step + ", parameter " + k);
            }
        }
    }

    private static List<Parameter> parameters(Device d) {
        return List.of(new Parameter(NDArray.randn(new Generator(1), 300).to(d)), new Parameter(NDArray.randn(new Generator(2), 301).to(d)));
    }
}
