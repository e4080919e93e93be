package ionas.tensor.cuda.driver;

/** What the driver reports about a device's memory ({@code cuMemGetInfo}), in bytes. */
public record MemInfo(long free, long total) {
    public MemInfo {
        if (free < 0 || total < 0) throw new IllegalArgumentException("negative memory: free=" + free + ", total=" + total);
    }
}
