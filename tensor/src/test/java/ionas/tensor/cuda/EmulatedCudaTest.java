package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulated cuda:0 itself: that its library has every kernel of the sources, that it is
 * stricter than a GPU where a GPU would silently misbehave, and that it is what serves cuda:0
 * while registered. (What runs on it: BackendConformanceTest, CudaBackendTest, and with
 * {@code -Dionas.cuda.emu=all} every {@code @OnEachDevice} suite.)
 */
class EmulatedCudaTest {
    @BeforeEach
    void needsTheEmulator() {
        String why = EmulatedCuda.unavailableReason();
        assumeTrue(why == null, why);
    }

    @Test
    void theLibraryHasEveryKernelOfTheSources() throws IOException {
        // every `extern "C" __global__ void [__launch_bounds__(...)] name(` of kernels/src/main/cuda
        Path cuda = Path.of("").toAbsolutePath().getParent().resolve("kernels/src/main/cuda");
        Pattern kernel = Pattern.compile("__global__\\s+void\\s+(?:__launch_bounds__\\([^)]*\\)\\s*)?(\\w+)\\s*\\(");
        TreeSet<String> want = new TreeSet<>();
        try (Stream<Path> files = Files.list(cuda)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cu")).toList()) {
                String module = f.getFileName().toString().replace(".cu", "");
                Matcher m = kernel.matcher(Files.readString(f));
                while (m.find()) want.add(module + "." + m.group(1));
            }
        }
        assertEquals(want, new TreeSet<>(CudaEmulatorLibrary.get().kernels()));
    }

    @Test
    void launchesWhoseArgumentsDoNotMatchTheKernelAreRefused() {
        CudaEmulatorLibrary lib = CudaEmulatorLibrary.get();
        // fill_f32(float* out, float value, int n): one argument short, then n as 8 bytes
        var shortList = assertThrows(IllegalStateException.class, () -> lib.launch("elementwise", "fill_f32", 1, 1, 1, 32, 1,
                new KernelArgs().ptr(0).f32(1)));
        assertTrue(shortList.getMessage().contains("2 arguments passed, the kernel takes 3"), shortList.getMessage());
        var wide = assertThrows(IllegalStateException.class, () -> lib.launch("elementwise", "fill_f32", 1, 1, 1, 32, 1,
                new KernelArgs().ptr(0).f32(1).i64(0)));
        assertTrue(wide.getMessage().contains("argument 2 has 8 bytes, the kernel's parameter 4"), wide.getMessage());
        // a block over sgemm_f32's __launch_bounds__(256), and a kernel that does not exist
        assertThrows(IllegalStateException.class, () -> lib.launch("gemm", "sgemm_f32", 1, 1, 1, 512, 1, new KernelArgs()));
        assertEquals(256, lib.maxThreads("gemm", "sgemm_f32"));
        assertEquals(-1, lib.maxThreads("gemm", "no_such_kernel"));
    }

    @Test
    void copiesAndKernelWritesOutsideAnAllocationAreCaught() {
        EmulatedDeviceDriver d = new EmulatedDeviceDriver(CudaEmulatorLibrary.get());
        long p = d.memory().allocate(64);
        try {
            d.upload(new float[16], p);
            assertThrows(IllegalStateException.class, () -> d.upload(new float[17], p));
            assertThrows(IllegalStateException.class, () -> d.download(p + 4, new float[16]));
            assertThrows(IllegalStateException.class, () -> d.memsetD32(p, 0, 17));
            // a kernel told to fill 20 floats of a 16-float block overwrites the guard behind it
            KernelHandle fill = d.function(new Kernel("elementwise", "fill_f32"));
            d.launch(fill, 1, 1, 1, 32, 1, new KernelArgs().ptr(p).f32(1).i32(16));
            var past = assertThrows(IllegalStateException.class, () -> d.launch(fill, 1, 1, 1, 32, 1,
                    new KernelArgs().ptr(p).f32(1).i32(20)));
            assertTrue(past.getMessage().startsWith("elementwise.fill_f32 wrote past the end of the block of 64 bytes"), past.getMessage());
        } finally {
            d.memory().free(p);
        }
    }

    @Test
    void itServesCuda0WhileRegistered() {
        Backends.registerCuda(EmulatedCuda.backend());
        try {
            assertTrue(Backends.of(Device.cuda(0)).describe().contains("CUDA emulator on the CPU"));
            NDArray x = NDArray.of(new float[] {1, -2, 3}, 3).to(Device.cuda(0));
            assertTrue(x.storage() instanceof CudaStorage);
            List<Float> got = new ArrayList<>();
            for (float v : x.relu().toFloatArray()) got.add(v);
            assertEquals(List.of(1f, 0f, 3f), got);
        } finally {
            Backends.registerCuda(null);
        }
    }
}
