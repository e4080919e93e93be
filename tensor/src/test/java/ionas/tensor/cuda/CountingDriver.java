package ionas.tensor.cuda;

import ionas.tensor.cuda.driver.CudaDeviceInfo;
import ionas.tensor.cuda.driver.DeviceDriver;
import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.HostMapped;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link DeviceDriver} that passes every call on to another and counts them: launches by
 * "module.kernel", downloads, synchronizations, uploads, memsets and device-to-device copies. For
 * tests that count what an op or a step asks of the device (launches, host synchronizations).
 */
final class CountingDriver implements DeviceDriver {
    private final DeviceDriver driver;
    private final boolean passMappedMemoryOn;
    private final Map<String, Integer> launches = new TreeMap<>();
    private int downloads, synchronizations, uploads, memsets, copies;

    /** Counting {@code driver}'s calls; with {@code passMappedMemoryOn} false it offers no {@link HostMapped} memory. */
    CountingDriver(DeviceDriver driver, boolean passMappedMemoryOn) {
        this.driver = driver;
        this.passMappedMemoryOn = passMappedMemoryOn;
    }

    /** Sets every count to zero. */
    synchronized void reset() {
        launches.clear();
        downloads = synchronizations = uploads = memsets = copies = 0;
    }

    /** Launches by "module.kernel" since the last reset. */
    synchronized Map<String, Integer> launches() {
        return new TreeMap<>(launches);
    }

    synchronized int launchCount() {
        return launches.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Calls that wait for the stream: downloads and synchronizations. */
    synchronized int syncs() {
        return downloads + synchronizations;
    }

    synchronized int downloads() { return downloads; }
    synchronized int synchronizations() { return synchronizations; }
    synchronized int uploads() { return uploads; }
    synchronized int memsets() { return memsets; }
    synchronized int copies() { return copies; }

    @Override public DeviceMemory memory() { return driver.memory(); }
    @Override public CudaDeviceInfo info() { return driver.info(); }
    @Override public void makeCurrent() { driver.makeCurrent(); }

    @Override
    public void memsetD32(long pointer, int value, long count) {
        synchronized (this) { memsets++; }
        driver.memsetD32(pointer, value, count);
    }

    @Override
    public void copyDeviceToDevice(long dst, long src, long bytes) {
        synchronized (this) { copies++; }
        driver.copyDeviceToDevice(dst, src, bytes);
    }

    @Override
    public void upload(float[] src, long devicePtr) {
        synchronized (this) { uploads++; }
        driver.upload(src, devicePtr);
    }

    @Override
    public void download(long devicePtr, float[] dst) {
        synchronized (this) { downloads++; }
        driver.download(devicePtr, dst);
    }

    @Override
    public KernelHandle function(Kernel kernel) {
        return driver.function(kernel);
    }

    @Override
    public void launch(KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArgs args) {
        synchronized (this) { launches.merge(kernel.kernel().toString(), 1, Integer::sum); }
        driver.launch(kernel, gridX, gridY, gridZ, blockX, blockY, args);
    }

    @Override
    public void synchronize() {
        synchronized (this) { synchronizations++; }
        driver.synchronize();
    }

    @Override
    public HostMapped allocateHostMapped(int words) {
        return passMappedMemoryOn ? driver.allocateHostMapped(words) : null;
    }
}
