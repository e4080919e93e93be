/**
 * The seam between the CUDA backend and a device: {@link ionas.tensor.cuda.driver.DeviceDriver}
 * (memory, copies, kernel handles and launches, stream capture) and the values it speaks in
 * ({@link ionas.tensor.cuda.driver.Kernel}, {@link ionas.tensor.cuda.driver.KernelArgs},
 * {@link ionas.tensor.cuda.driver.CudaDeviceInfo}, graph and host-mapped handles).
 *
 * <p>Two drivers live here: {@link ionas.tensor.cuda.driver.JCudaDeviceDriver}, the GPU's through
 * JCuda's driver API, and {@link ionas.tensor.cuda.driver.RecordingDeviceDriver}, which runs
 * nothing and counts what the backend asks of the device; the tests add a third that runs the
 * kernels' own source on the CPU. This package depends on nothing of the backend
 * ({@code ionas.tensor.cuda}), so a driver can be written, read and tested without it; the backend
 * is made over any driver with {@code CudaBackend.over(driver)}.
 */
package ionas.tensor.cuda.driver;
