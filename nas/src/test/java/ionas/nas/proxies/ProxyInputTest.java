package ionas.nas.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.nas.nb101.Network;
import ionas.nas.space.CellNetwork;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProxyInputTest {
    /**
     * grad_norm, snip and fisher read one loss pass: three scores, one network built (each scored
     * on a fresh input of its own, every proxy builds its own), and the same scores either way.
     */
    @Test
    void gradNormSnipAndFisherShareOneLossPass() {
        AtomicInteger built = new AtomicInteger();
        Supplier<CellNetwork> network = () -> {
            built.incrementAndGet();
            return new Network(ProxiesGoldenTest.CELL, 5, 2, 1, 10, new Generator(0));
        };
        NDArray images = NDArray.randn(new Generator(1), 4, 3, 8, 8);
        NDArray labels = NDArray.of(new float[] {0, 3, 7, 9}, 4);
        ZeroCostProxy[] shared = {new GradNorm(), new Snip(), new Fisher()};

        ProxyInput one = new ProxyInput(network, images, labels);
        double[] together = new double[shared.length];
        for (int i = 0; i < shared.length; i++) together[i] = shared[i].score(one);
        assertEquals(1, built.get());

        for (int i = 0; i < shared.length; i++) {
            built.set(0);
            assertEquals(together[i], shared[i].score(new ProxyInput(network, images, labels)), 0, shared[i].name());
            assertEquals(1, built.get());
        }
    }
}
