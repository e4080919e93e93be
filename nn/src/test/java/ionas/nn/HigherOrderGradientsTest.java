package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.autograd.Autograd;
import ionas.autograd.BackwardMode;
import ionas.autograd.GradCheck;
import ionas.autograd.Tensor;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Second derivatives through the losses and the NAS-Bench-101 ops, against PyTorch. */
class HigherOrderGradientsTest {
    /**
     * A Hessian-vector product through conv2d, training-mode batch norm, ReLU, max-pool, linear and
     * cross-entropy (what GraSP computes), against PyTorch's create_graph=True, all in float64
     * (nn/src/test/python/make_hvp_fixture.py).
     */
    @Test
    void aHessianVectorProductMatchesPyTorch() throws IOException {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream("/hvp/conv-bn-net.json")) {
            f = new ObjectMapper().readTree(in);
        }
        Tensor x = Tensor.of(array(f.get("x"), ints(f.get("x_shape"))));
        NDArray labels = array(f.get("labels"), f.get("labels").size()).to(DType.FLOAT32);
        List<String> names = new ArrayList<>();
        f.get("names").forEach(n -> names.add(n.asText()));
        List<Tensor> params = new ArrayList<>(), v = new ArrayList<>();
        for (String n : names) {
            int[] shape = ints(f.get("shapes").get(n));
            params.add(Tensor.of(array(f.get("params").get(n), shape)).requiresGrad(true));
            v.add(Tensor.of(array(f.get("v").get(n), shape)));
        }

        Tensor h = x.conv2d(params.get(0), 1, 1).batchNorm(params.get(1), params.get(2), 1e-5).output().relu().maxPool2d(2, 2, 0);
        Tensor logits = h.reshape(h.size(0), -1).matmul(params.get(3).transpose(0, 1)).add(params.get(4));
        Tensor loss = Losses.crossEntropy(logits, labels, Reduction.MEAN);
        assertEquals(f.get("loss").asDouble(), loss.item(), 1e-12, "loss");

        List<Tensor> g = Autograd.grad(loss, params, BackwardMode.CREATE_GRAPH);
        Tensor dot = g.get(0).mul(v.get(0)).sum();
        for (int i = 1; i < g.size(); i++) dot = dot.add(g.get(i).mul(v.get(i)).sum());
        List<Tensor> hv = Autograd.grad(dot, params, BackwardMode.FREE_GRAPH);
        for (int i = 0; i < names.size(); i++) {
            assertClose(f.get("grad").get(names.get(i)), g.get(i).data(), "gradient of " + names.get(i));
            assertClose(f.get("hv").get(names.get(i)), hv.get(i).data(), "Hv of " + names.get(i));
        }
    }

    @Test
    void binaryCrossEntropyHasSecondDerivatives() {
        Generator gen = new Generator(5);
        NDArray p = NDArray.random(gen, false, DType.FLOAT64, Device.CPU, 6).mul(0.8).add(0.1);
        NDArray t = NDArray.random(gen, false, DType.FLOAT64, Device.CPU, 6);
        GradCheck.assertSecondDerivatives(in -> Losses.binaryCrossEntropy(in.get(0), in.get(1), Reduction.MEAN), p, t);
    }

    /** Per element within 1e-9 of the largest |value| (float64 on both sides, summed in other orders). */
    private static void assertClose(JsonNode want, NDArray got, String what) {
        double[] g = got.toDoubleArray();
        assertEquals(want.size(), g.length, what + ": size");
        double scale = 0;
        for (JsonNode w : want) scale = Math.max(scale, Math.abs(w.asDouble()));
        for (int i = 0; i < g.length; i++) assertEquals(want.get(i).asDouble(), g[i], 1e-9 * Math.max(scale, 1e-3), what + " element " + i);
    }

    private static NDArray array(JsonNode values, int... shape) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i).asDouble();
        return NDArray.of(v, shape);
    }

    private static int[] ints(JsonNode values) {
        int[] v = new int[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i).asInt();
        return v;
    }
}
