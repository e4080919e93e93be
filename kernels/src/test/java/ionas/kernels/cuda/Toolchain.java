package ionas.kernels.cuda;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether a build tool the tests call (g++, ptxas) is here and runs. */
final class Toolchain {
    private Toolchain() {}

    /** True when {@code tool --version} exits 0 within 30 s (a PATH may hold a stub, as ptx.sh checks for nvcc). */
    static boolean runs(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
