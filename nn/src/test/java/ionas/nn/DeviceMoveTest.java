package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.Adam;
import ionas.nn.optim.GradClip;
import ionas.nn.optim.Optimizer;
import ionas.nn.optim.SGD;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Module#to} and a whole training step on another device, checked without that device: the
 * CPU backend simulates {@code cuda:0} (same arithmetic, arrays labelled cuda:0), so any array
 * left behind on the CPU makes an op fail (devices must not mix), and the results must equal the
 * plain CPU run bit for bit.
 */
class DeviceMoveTest {
    static final Device GPU = Device.cuda(0);


    private static Sequential model() {
        Generator init = new Generator(11);
        return new Sequential(new Conv2d(3, 4, 3, 1, 1, false, init), BatchNorm.batchNorm2d(4), Activation.relu(), Pooling.globalAvgPool(),
                new Linear(4, 3, init));
    }

    /** Two steps of training; returns the losses. */
    private static double[] train(Sequential m, Optimizer opt, Device device) {
        NDArray x = NDArray.randn(new Generator(5), 6, 3, 8, 8).to(device);
        NDArray y = NDArray.of(new float[] {0, 1, 2, 0, 1, 2}, 6).to(device);
        double[] losses = new double[2];
        for (int s = 0; s < 2; s++) {
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(m.forward(Tensor.of(x)), y, Reduction.MEAN);
            loss.backward();
            GradClip.clipGradNorm(m.parameters(), 1.0);
            opt.step();
            losses[s] = loss.item();
        }
        return losses;
    }

    private void stepMatchesTheCpu(Function<Sequential, Optimizer> optimizer) {
        Sequential cpu = model();
        double[] want = train(cpu, optimizer.apply(cpu), Device.CPU);

        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            Sequential gpu = model();
            Optimizer opt = optimizer.apply(gpu);
            gpu.to(GPU);
            double[] got = train(gpu, opt, GPU);

            assertArrayEquals(want, got, "the same losses, bit for bit");
            for (var e : gpu.stateDict().entrySet()) {
                assertEquals(GPU, e.getValue().device(), e.getKey() + " is on the device");
                assertArrayEquals(cpu.stateDict().get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), e.getKey());
            }
            for (Parameter p : gpu.parameters()) assertEquals(GPU, p.grad().device(), "gradients are on the device");
            for (NDArray state : opt.stateDict().values()) assertTrue(state.device().equals(GPU) || state.dim() <= 1, "optimizer state on the device");
        }
    }

    @Test
    void sgdStepOnAMovedModelMatchesTheCpu() {
        stepMatchesTheCpu(m -> new SGD(m.parameters(), 0.1, 0.9, 1e-4));
    }

    @Test
    void adamStepOnAMovedModelMatchesTheCpu() {
        stepMatchesTheCpu(m -> new Adam(m.parameters(), 1e-2));
    }

    @Test
    void dataLeftOnTheCpuIsAnError() {
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            Sequential m = model().to(GPU) instanceof Sequential s ? s : null;
            NDArray x = NDArray.randn(new Generator(5), 2, 3, 8, 8);
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.of(x)));
            assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("cpu"), e.getMessage());
        }
    }

    @Test
    void movingBackToTheCpuKeepsTheValues() {
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            Sequential m = model();
            var before = m.stateDict().get("0.weight").toFloatArray();
            m.to(GPU).to(Device.CPU);
            assertEquals(Device.CPU, m.stateDict().get("0.weight").device());
            assertArrayEquals(before, m.stateDict().get("0.weight").toFloatArray());
        }
    }
}
