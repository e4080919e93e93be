package ionas.tensor.cuda.driver;

/**
 * A {@link Kernel} as one {@link DeviceDriver} resolved it: on a GPU the {@code CUfunction} that
 * {@code cuModuleGetFunction} returns (after loading the module) and the block limit that
 * {@code cuFuncGetAttribute} reports. Made once per kernel and context by
 * {@link DeviceDriver#function}, then passed to every {@link DeviceDriver#launch} of the kernel.
 * A handle belongs to the driver that made it: another driver refuses it.
 */
public interface KernelHandle {
    /** The kernel this handle stands for. */
    Kernel kernel();

    /**
     * The most threads a block of this kernel may have: {@code CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK},
     * its {@code __launch_bounds__}, or fewer where its registers run out first.
     */
    int maxThreadsPerBlock();
}
