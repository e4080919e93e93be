package ionas.nn.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes given to the safetensors reader give either the tensors or an IOException that names
 * the file, never another exception (an index out of bounds, a negative array size, an
 * OutOfMemoryError from a header that claims 2^40 bytes), and each within a bounded time.
 */
class SafeTensorsPropertyTest {
    /** Longest a read of a few kilobytes may take, however hostile. */
    private static final long MAX_NANOS = 2_000_000_000L;

    private static final byte[] VALID = valid();

    private static byte[] valid() {
        try {
            Path p = Files.createTempFile("valid", ".safetensors");
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("w", NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            t.put("b", NDArray.of(new double[] {0.5, -1}, 2));
            SafeTensors.write(p, t, Map.of("format", "test"));
            byte[] b = Files.readAllBytes(p);
            Files.delete(p);
            return b;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesGiveTensorsOrANamedError(@ForAll @Size(max = 600) byte[] bytes) throws IOException {
        readsOrFailsClearly(bytes);
    }

    /** A valid file with a few bytes changed: the hostile case that gets past the first checks. */
    @Property(tries = 500)
    void aValidFileWithBytesChangedGivesTensorsOrANamedError(@ForAll("mutated") byte[] bytes) throws IOException {
        readsOrFailsClearly(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, VALID.length - 1);
        Arbitrary<Byte> value = Arbitraries.bytes();
        return Arbitraries.integers().between(1, 6).flatMap(n -> at.list().ofSize(n).flatMap(positions ->
                value.list().ofSize(n).map(values -> {
                    byte[] b = VALID.clone();
                    for (int i = 0; i < n; i++) b[positions.get(i)] = values.get(i);
                    return b;
                })));
    }

    private static void readsOrFailsClearly(byte[] bytes) throws IOException {
        Path p = Files.createTempFile("any", ".safetensors");
        try {
            Files.write(p, bytes);
            long t0 = System.nanoTime();
            try {
                SafeTensors.read(p);
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(p.toString()), "the error names the file: " + e.getMessage());
            }
            assertTrue(System.nanoTime() - t0 < MAX_NANOS, "a read of " + bytes.length + " bytes took over 2 s");
        } finally {
            Files.delete(p);
        }
    }
}
