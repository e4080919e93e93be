package ionas.experiments.cli;

import ionas.kernels.cpu.Parallel;
import ionas.kernels.cuda.CudaDevice;
import ionas.kernels.cuda.PtxModules;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ionas info}: the runtime ionas finds itself in, for bug reports and for checking a setup. */
@Command(name = "info",
        description = "The Java runtime, the compute backends and the data folder ionas would use.")
public final class InfoCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        row(out, "ionas", Main.projectVersion());
        row(out, "java", Runtime.version() + ", " + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + " (" + System.getProperty("java.home") + ")");
        row(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + rt.availableProcessors() + " processors");
        row(out, "heap", String.format(Locale.ROOT, "max %.1f GiB (change with IONAS_JAVA_OPTS=-Xmx...)",
                rt.maxMemory() / (double) (1L << 30)));
        row(out, "backend", Backends.cpu().describe());
        row(out, "threads", Parallel.threads() + " kernel threads (change with IONAS_JAVA_OPTS=-Dionas.threads=N)");
        row(out, "cuda", cudaStatus());
        List<String> ptx = PtxModules.available();
        row(out, "ptx", ptx.isEmpty() ? "none (this build had no nvcc)" : String.join(", ", ptx) + " (compute_80)");
        Path data = GlobalOptions.of(spec).dataDir();
        row(out, "data", data.toAbsolutePath().normalize() + (Files.isDirectory(data) ? "" : "  (missing: pass --data DIR or set $"
                + GlobalOptions.DATA_ENV + ")"));
        out.flush();
    }

    /** The CUDA probe (driver, GPU, PTX) and, on a GPU, the CUDA backend's description. */
    private static String cudaStatus() {
        CudaDevice.Availability a = CudaDevice.probe();
        if (!a.available()) return a.describe() + "; everything runs on the CPU";
        try {
            return a.describe() + "; backend: " + Backends.of(Device.cuda(0)).describe();
        } catch (UnsupportedOperationException e) {
            return a.describe() + "; the CUDA backend failed to start (" + e.getMessage() + "); everything runs on the CPU";
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-8s %s%n", key, value);
    }
}
