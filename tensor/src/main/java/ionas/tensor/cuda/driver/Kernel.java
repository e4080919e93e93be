package ionas.tensor.cuda.driver;

/**
 * A kernel by name: module {@code module} ({@code kernels/src/main/cuda/MODULE.cu}, its PTX at run
 * time) and the {@code extern "C"} function {@code name} in it. A plain value, declared once as a
 * constant where the kernel is launched ({@code static final Kernel BINARY = new Kernel("elementwise",
 * "binary_f32")}); each context turns it into a {@link KernelHandle} once (see
 * {@code CudaLaunch.handle}), so a launch builds no strings and loads nothing.
 *
 * @param module the PTX module's name
 * @param name the kernel's name in it
 */
public record Kernel(String module, String name) {
    public Kernel {
        if (module == null || name == null) throw new IllegalArgumentException("a kernel needs a module and a name");
    }

    /** {@code module.name}, as errors and launch counts name the kernel. */
    @Override
    public String toString() {
        return module + "." + name;
    }
}
