package ionas.tensor.cuda;

import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.MemInfo;
import java.util.HashMap;
import java.util.Map;

/** A device of {@code total} bytes in plain Java: counts driver calls and can refuse on demand. */
final class FakeDeviceMemory implements DeviceMemory {
    private final long total;
    private final Map<Long, Long> blocks = new HashMap<>();
    private long next = 0x7f00_0000_0000L;
    private long used;
    int allocateCalls;
    int freeCalls;
    /** The next this many allocations fail as if the device were full. */
    int failNext;

    FakeDeviceMemory(long total) {
        this.total = total;
    }

    @Override
    public synchronized long allocate(long bytes) {
        allocateCalls++;
        if (bytes <= 0) throw new IllegalArgumentException("driver asked for " + bytes + " bytes");
        if (failNext > 0) {
            failNext--;
            return 0;
        }
        if (used + bytes > total) return 0;
        long p = next;
        next += bytes;
        blocks.put(p, bytes);
        used += bytes;
        return p;
    }

    @Override
    public synchronized void free(long pointer) {
        freeCalls++;
        Long size = blocks.remove(pointer);
        if (size == null) throw new IllegalStateException("driver: bad free of 0x" + Long.toHexString(pointer));
        used -= size;
    }

    @Override
    public synchronized MemInfo info() {
        return new MemInfo(total - used, total);
    }

    synchronized long used() {
        return used;
    }
}
