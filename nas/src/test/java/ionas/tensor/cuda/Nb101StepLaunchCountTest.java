package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.autograd.Tensor;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SpecCells;
import ionas.nas.nb101.Network;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.SGD;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one NAS-Bench-101 training step asks of the device, counted on the emulated cuda:0 through
 * {@link CountingDriver}: the step of GpuTrainingStepBenchmark (its cell, 3 stacks of 3 cells, SGD
 * with momentum, cross-entropy, {@code loss.item()} at the end) at a size the emulator runs in
 * seconds (stem 8, batch 2, 16 x 16 images): launches depend on the architecture, not on the
 * sizes. It prints the launches by kernel and checks that the step waits for the device once,
 * for its loss (no index-check read-backs: see IndexCheck). About 2.5 minutes (two steps of
 * ~2,700 emulated device operations), so it runs with the other long emulated suites, under
 * {@code -Dionas.cuda.emu=all}.
 */
class Nb101StepLaunchCountTest {
    /** The cell the training-step benchmarks train. */
    static final CellSpec CELL = SpecCells.INCEPTION;

    @Test
    void aStepWaitsForTheDeviceOnlyForItsLoss() {
        String emulator = EmulatedCuda.unavailableReason();
        assumeTrue(emulator == null, "no emulator: " + emulator);
        assumeTrue("all".equals(System.getProperty("ionas.cuda.emu")), "a long emulated run: -Dionas.cuda.emu=all runs it");
        CountingDriver driver = new CountingDriver(new EmulatedDeviceDriver(CudaEmulatorLibrary.get()), true);
        Backends.registerCuda(new CudaBackend(new CudaContext(Device.cuda(0), driver)));
        try {
            Generator data = new Generator(7);
            Network network = new Network(CELL, 8, 3, 3, 10, new Generator(42));
            network.to(Device.cuda(0));
            SGD optimizer = new SGD(network.parameters(), 0.01, 0.9, 0);
            Tensor images = Tensor.of(NDArray.randn(data, 2, 3, 16, 16).to(Device.cuda(0)));
            NDArray labels = NDArray.of(new float[] {3, 7}, 2).to(Device.cuda(0));
            for (int step = 0; step < 2; step++) {
                driver.reset();
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(network.forward(images), labels, Reduction.MEAN);
                loss.backward();
                optimizer.step();
                double l = loss.item();
                StringBuilder b = new StringBuilder();
                for (Map.Entry<String, Integer> e : driver.launches().entrySet())
                    b.append(String.format("  %-40s %5d%n", e.getKey(), e.getValue()));
                System.out.printf("nb101 step %d (loss %.4f): %d launches, %d memsets, %d device copies, %d uploads, %d downloads, %d synchronizations%n%s",
                        step, l, driver.launchCount(), driver.memsets(), driver.copies(), driver.uploads(), driver.downloads(),
                        driver.synchronizations(), b);
                assertEquals(1, driver.downloads(), "the step's one read-back is its loss");
                assertEquals(0, driver.synchronizations());
            }
        } finally {
            Backends.registerCuda(null);
        }
    }
}
