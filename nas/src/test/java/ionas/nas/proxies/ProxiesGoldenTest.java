package ionas.nas.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.Network;
import ionas.nas.space.CellNetwork;
import ionas.nn.io.SafeTensors;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every proxy of a small NAS-Bench-101 network (stem 5, 2 stacks of 1 cell, 6 images of 8x8) against
 * zero-cost-nas's definitions in PyTorch (nas/src/test/python/make_proxies_golden.py), on the same
 * weights and images; params and flops against counts by hand.
 */
class ProxiesGoldenTest {
    /** The golden cell: every op, an input-to-output edge, and at stem 5 an edge whose channels are truncated (3 to 2). */
    static final CellSpec CELL = CellSpec.of(new int[][] {
            {0, 1, 1, 0, 0, 1},
            {0, 0, 0, 1, 1, 0},
            {0, 0, 0, 0, 1, 0},
            {0, 0, 0, 0, 0, 1},
            {0, 0, 0, 0, 0, 1},
            {0, 0, 0, 0, 0, 0}},
            "input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "output");

    static Map<String, NDArray> golden;
    static ProxyInput input;

    @BeforeAll
    static void load() throws Exception {
        golden = SafeTensors.read(Path.of(ProxiesGoldenTest.class.getResource("/golden/proxies.safetensors").toURI())).tensors();
        Map<String, NDArray> state = new LinkedHashMap<>();
        golden.forEach((k, v) -> {
            if (!k.startsWith("proxy.") && !k.startsWith("input_")) state.put(k, v);
        });
        input = new ProxyInput(() -> {
            CellNetwork net = new Network(CELL, 5, 2, 1, 10, new Generator(0));
            net.loadStateDict(state, true); // strict: PyTorch's names are ionas's, and back
            return net;
        }, golden.get("input_images"), golden.get("input_labels"));
    }

    private static void assertMatches(ZeroCostProxy proxy, double relative) {
        double expected = golden.get("proxy." + proxy.name()).item();
        assertEquals(expected, proxy.score(input), relative * Math.abs(expected), proxy.name());
    }

    /**
     * float32 in both libraries, summed in another order: a few float32 ulps on every term (measured:
     * 5e-8, 8e-8 and, for fisher, whose terms are squares of sums, 2e-7 relative).
     */
    @Test
    void firstOrderProxiesMatchPyTorch() {
        assertMatches(new GradNorm(), 1e-6);
        assertMatches(new Snip(), 1e-6);
        assertMatches(new Fisher(), 2e-6);
    }

    /**
     * GraSP's score (-0.014) is a sum of terms of both signs, each a float32 second derivative,
     * so it keeps fewer correct digits than the terms do (measured: 4e-5 relative).
     */
    @Test
    void graspMatchesPyTorch() {
        assertMatches(new Grasp(), 3e-4);
    }

    /** float64 on the same float32 weights in both: only the order of float64 sums differs. */
    @Test
    void synflowMatchesPyTorchInDoublePrecision() {
        assertMatches(new Synflow(), 1e-9);
    }

    /** The eigenvalues of the same correlation matrix (LAPACK's eig against Jacobi) from float32 gradients (measured: 1e-9 relative). */
    @Test
    void jacobCovMatchesNumpy() {
        assertMatches(new JacobCov(), 1e-6);
    }

    /** Integer agreement counts, the same in both unless a pre-activation sits at 0; the log-determinant in float64. */
    @Test
    void nwotMatchesNumpy() {
        assertMatches(new Nwot(), 1e-9);
    }

    /**
     * Stem 3->5 3x3 conv + BN: 135 + 10. Cell 1 (5 -> 5, vertex channels 5,3,2,3,2,5): convs 3x3 3->3
     * (81), 1x1 2->2 (4), 3x3 2->2 (36), projections 5->3, 5->2, 5->5 (15, 10, 25), BNs 6+4+4+6+4+10.
     * Cell 2 (5 -> 10, all vertices 5): 225, 25, 225, 25, 25, 50 and BNs 5x10 + 20. Dense 10->10: 110.
     */
    @Test
    void paramsIsTheHandCount() {
        long stem = 135 + 10;
        long cell1 = 81 + 4 + 36 + 15 + 10 + 25 + (6 + 4 + 4 + 6 + 4 + 10);
        long cell2 = 225 + 25 + 225 + 25 + 25 + 50 + (5 * 10 + 20);
        assertEquals(stem + cell1 + cell2 + 110, new Params().score(input));
    }

    /**
     * Multiply-adds per output value times output values, one 8x8 image: stem 64 x 5 x 27; cell 1 at
     * 8x8, cell 2 at 4x4 after the max-pool (convolutions as in {@link #paramsIsTheHandCount}); the
     * dense layer 10 x 10.
     */
    @Test
    void flopsIsTheHandCount() {
        long stem = 64 * 5 * 27;
        long cell1 = 64 * (3 * 27 + 2 * 2 + 2 * 18 + 3 * 5 + 2 * 5 + 5 * 5);
        long cell2 = 16 * (5 * 45 + 5 * 5 + 5 * 45 + 5 * 5 + 5 * 5 + 10 * 5);
        assertEquals(stem + cell1 + cell2 + 100, new Flops().score(input));
    }
}
