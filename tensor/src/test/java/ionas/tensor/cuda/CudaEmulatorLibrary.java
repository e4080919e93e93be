package ionas.tensor.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import ionas.tensor.cuda.driver.KernelArgs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CUDA kernels of {@code kernels/src/main/cuda}, compiled with g++ against the CPU emulator of
 * {@code kernels/src/test/cuda-emu} into one shared library ({@code lib/emu_lib.h} says how), and
 * its entry points as FFM downcalls. Built once into {@code kernels/target/cuda-emu/lib} and
 * rebuilt only when a source is newer; loaded once per JVM.
 */
final class CudaEmulatorLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    /** Bytes of the buffer the library writes a refusal's reason into. */
    static final int ERROR_BYTES = 512;
    private static final String[] MODULES = {"conv", "elementwise", "gemm", "index", "norm", "optim", "pool", "random", "reduce", "softmax"};
    private static CudaEmulatorLibrary loaded;
    private static String unavailable;

    private final MethodHandle kernelName, maxThreads, launch, malloc, free, setSchedule;

    private CudaEmulatorLibrary(Path so) {
        SymbolLookup lib = SymbolLookup.libraryLookup(so, Arena.global());
        kernelName = handle(lib, "cudaemu_kernel_name", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        maxThreads = handle(lib, "cudaemu_max_threads", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        launch = handle(lib, "cudaemu_launch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        malloc = handle(lib, "cudaemu_malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
        free = handle(lib, "cudaemu_free", FunctionDescriptor.ofVoid(ADDRESS));
        setSchedule = handle(lib, "cudaemu_set_schedule", FunctionDescriptor.ofVoid(JAVA_INT));
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(lib.findOrThrow(name), d);
    }

    /**
     * The library, built if needed; null when it cannot be built here ({@link #unavailableReason()}
     * says why: no g++, or no kernel sources next to the module, as when the tests run from jars).
     */
    static synchronized CudaEmulatorLibrary get() {
        if (loaded == null && unavailable == null) {
            try {
                Path so = build();
                if (so != null) loaded = new CudaEmulatorLibrary(so);
            } catch (IOException | InterruptedException | RuntimeException e) {
                unavailable = "building the CUDA emulator library failed: " + e.getMessage();
            }
        }
        return loaded;
    }

    /** Why {@link #get()} gives null, or null when it does not. */
    static synchronized String unavailableReason() {
        get();
        return unavailable;
    }

    // ---------------------------------------------------------------- build

    private static Path build() throws IOException, InterruptedException {
        // surefire runs in the module's folder; the kernels module is its sibling
        Path kernels = Path.of("").toAbsolutePath().getParent().resolve("kernels");
        Path cuda = kernels.resolve("src/main/cuda"), emu = kernels.resolve("src/test/cuda-emu"), lib = emu.resolve("lib");
        if (!Files.isDirectory(cuda) || !Files.isRegularFile(lib.resolve("emu_lib.cpp"))) {
            unavailable = "no kernel or emulator sources at " + kernels + " (the emulated cuda:0 needs the source tree)";
            return null;
        }
        if (!gxxRuns()) {
            unavailable = "g++ is not on PATH: the emulated cuda:0 compiles the kernels with g++";
            return null;
        }
        Path out = kernels.resolve("target/cuda-emu/lib");
        Files.createDirectories(out);
        Path so = out.resolve("libcudaemu.so");
        if (upToDate(so, cuda, emu, lib)) return so;
        List<String> flags = new ArrayList<>(List.of("g++"));
        flags.addAll(Files.readAllLines(emu.resolve("gxx-flags.txt"))); // the emulator's own test programs use the same
        flags.addAll(List.of("-fPIC", "-I" + emu, "-I" + lib, "-I" + cuda, "-c"));
        // one translation unit per .cu file, compiled in parallel, then one link
        List<Process> compiles = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String m : MODULES) sources.add("lib_" + m);
        sources.add("emu_lib");
        for (String s : sources) {
            List<String> cmd = new ArrayList<>(flags);
            String object = out.resolve(s + ".o").toString();
            cmd.addAll(List.of(lib.resolve(s + ".cpp").toString(), "-o", object));
            objects.add(object);
            compiles.add(start(cmd, out.resolve(s + ".log")));
        }
        for (int i = 0; i < compiles.size(); i++) finish(compiles.get(i), out.resolve(sources.get(i) + ".log"));
        List<String> link = new ArrayList<>(List.of("g++", "-shared", "-pthread"));
        link.addAll(objects);
        Path tmp = out.resolve("libcudaemu.so.tmp");
        link.addAll(List.of("-o", tmp.toString()));
        finish(start(link, out.resolve("link.log")), out.resolve("link.log"));
        Files.move(tmp, so, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return so;
    }

    private static boolean gxxRuns() {
        try {
            Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void finish(Process p, Path log) throws IOException, InterruptedException {
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException("g++ timed out: " + log);
        }
        if (p.exitValue() != 0) throw new IOException("g++ failed (" + log + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Whether so is newer than every kernel and emulator source. */
    private static boolean upToDate(Path so, Path... dirs) throws IOException {
        if (!Files.isRegularFile(so)) return false;
        FileTime built = Files.getLastModifiedTime(so);
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator)
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(built) >= 0) return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- calls

    /** Every kernel of the library as "module.kernel". */
    List<String> kernels() {
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; ; i++) {
                MemorySegment s = (MemorySegment) kernelName.invokeExact(i);
                if (s.equals(MemorySegment.NULL)) return names;
                names.add(s.reinterpret(128).getString(0));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The kernel's block limit, -1 when the library has no such kernel. */
    int maxThreads(String module, String kernel) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) maxThreads.invokeExact(arena.allocateFrom(module), arena.allocateFrom(kernel));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Runs the kernel to completion on the list's arguments (a test's direct call: names and the
     * error buffer are allocated here; {@link EmulatedDeviceDriver} passes its own, made once).
     *
     * @throws IllegalStateException where the driver would refuse the launch, or the arguments do
     *     not match the kernel's parameters in number or size
     */
    void launch(String module, String kernel, int gx, int gy, int gz, int bx, int by, KernelArgs args) {
        try (Arena arena = Arena.ofConfined()) {
            launch(arena.allocateFrom(module), arena.allocateFrom(kernel), gx, gy, gz, bx, by, args, arena.allocate(ERROR_BYTES));
        }
    }

    /**
     * {@link #launch(String, String, int, int, int, int, int, KernelArgs)} with the module and kernel
     * names as C strings and an {@link #ERROR_BYTES}-byte error buffer: the list's pointer table
     * and sizes go to the library as they are, so this allocates nothing unless it throws.
     */
    void launch(MemorySegment module, MemorySegment kernel, int gx, int gy, int gz, int bx, int by, KernelArgs args,
                MemorySegment error) {
        int rc;
        try {
            rc = (int) launch.invokeExact(module, kernel, gx, gy, gz, bx, by, args.count(), args.table(), args.sizes(), error,
                    (int) error.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (rc != 0) throw new IllegalStateException("emulated launch refused: " + error.getString(0));
    }

    /**
     * Host memory standing in for device memory (0xff-filled, 256-byte aligned), followed by
     * {@code guard} bytes of 0xa5; 0 when out of memory.
     */
    long malloc(long bytes, long guard) {
        try {
            return ((MemorySegment) malloc.invokeExact(bytes, guard)).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void free(long address) {
        try {
            free.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void setSchedule(int schedule) {
        try {
            setSchedule.invokeExact(schedule);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
