/**
 * CUDA plumbing: the driver API through JCuda ({@code jcuda.driver.JCudaDriver}), the PTX modules
 * built from {@code kernels/src/main/cuda/*.cu} ({@link ionas.kernels.cuda.PtxModules}), error
 * checking ({@link ionas.kernels.cuda.CudaCheck}) and the availability probe
 * ({@link ionas.kernels.cuda.CudaDevice#probe()}). No backend is registered from here yet; see
 * docs/cuda.md.
 */
package ionas.kernels.cuda;
