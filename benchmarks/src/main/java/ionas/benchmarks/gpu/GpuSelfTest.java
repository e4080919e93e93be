package ionas.benchmarks.gpu;

import ionas.tensor.conformance.BackendConformance;
import ionas.tensor.Device;
import java.util.List;

/**
 * The backend conformance suite without JUnit, for a GPU machine that has the jar but no Maven:
 * runs every case of {@code ionas.tensor.BackendConformance} (the same cases
 * {@code BackendConformanceTest} runs under surefire) on the CPU and on {@code cuda:0}, each in
 * float32 against float64 on the CPU, and prints one line per case.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks.jar ionas.benchmarks.gpu.GpuSelfTest [cpu|cuda|all]</pre>
 *
 * Exit status: 0 when every case that ran passed (CUDA cases are reported as skipped, with the
 * reason, where no GPU is usable); 1 when a case failed; 3 when CUDA was asked for alone and is
 * unavailable, so scripts can tell "no GPU" from "wrong results".
 */
public final class GpuSelfTest {
    private GpuSelfTest() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        if (!List.of("cpu", "cuda", "all").contains(which)) {
            System.err.println("usage: GpuSelfTest [cpu|cuda|all]");
            System.exit(2);
        }
        List<BackendConformance.Case> cases = BackendConformance.all();
        int failed = 0;
        if (!which.equals("cuda")) failed += run(Device.CPU, cases);
        if (!which.equals("cpu")) {
            String reason = Gpu.unavailableReason();
            if (reason != null) {
                System.out.println("SKIP all " + cases.size() + " cuda:0 cases: " + reason);
                if (which.equals("cuda")) System.exit(3);
            } else {
                System.out.println("GPU: " + Gpu.describe());
                failed += run(Gpu.DEVICE, cases);
            }
        }
        System.out.println(failed == 0 ? "ALL PASSED" : failed + " FAILED");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs every case on {@code device}; returns how many failed (a thrown exception is a failure). */
    private static int run(Device device, List<BackendConformance.Case> cases) {
        int failed = 0;
        long start = System.nanoTime();
        for (BackendConformance.Case c : cases) {
            String problem;
            try {
                problem = BackendConformance.check(c, device);
            } catch (RuntimeException | Error e) {
                problem = "threw " + e;
            }
            if (problem == null) {
                System.out.println("PASS " + device + ": " + c.name());
            } else {
                failed++;
                System.out.println("FAIL " + device + ": " + c.name() + ": " + problem);
            }
        }
        System.out.printf("%s: %d cases, %d failed, %.1f s%n", device, cases.size(), failed, (System.nanoTime() - start) / 1e9);
        return failed;
    }
}
