package ionas.nas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.cifar.Cifar10;
import ionas.nas.nb101.data.NasBench;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes given to the NAS-Bench-101 records readers (the JSON layout and the official TFRecord)
 * and to the CIFAR-10 reader give either a value or an error that names the file (an IOException,
 * or an IllegalArgumentException about the file's content), never an internal exception, and each
 * within a bounded time.
 */
class ReaderPropertyTest {
    private static final long MAX_NANOS = 2_000_000_000L;
    /** Four cells in the 20k JSON layout (hashes of 32 hex digits). */
    private static final String RECORDS = "{\"key\": [\"00000000000000000000000000000001\", \"00000000000000000000000000000002\","
            + " \"0000000000000000000000000000000a\", \"0000000000000000000000000000000b\"],"
            + " \"108_final_validation_accuracy\": [0.9, 0.91, 0.92, 0.93], \"final_training_time\": [1000, 1100, 1200, 1300],"
            + " \"trainable_parameters\": [100, 200, 300, 400]}";

    @Property(tries = 300)
    void jsonRecordsGiveABenchmarkOrANamedError(@ForAll("mutatedRecords") String text) throws IOException {
        readsOrFailsClearly(text.getBytes(StandardCharsets.UTF_8), ".json", NasBench::load);
    }

    @Property(tries = 200)
    void tfRecordBytesGiveABenchmarkOrANamedError(@ForAll @Size(max = 400) byte[] bytes) throws IOException {
        readsOrFailsClearly(bytes, ".tfrecord", NasBench::load);
    }

    @Property(tries = 200)
    void cifarBytesGiveImagesOrANamedError(@ForAll("cifarLike") byte[] bytes) throws IOException {
        readsOrFailsClearly(bytes, ".bin", f -> Cifar10.read(List.of(f)));
    }

    @Provide
    Arbitrary<String> mutatedRecords() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, RECORDS.length() - 1);
        Arbitrary<Character> c = Arbitraries.of('"', ',', '[', ']', '{', '}', ':', '-', '1', '9', 'e', 'N', 'x', ' ', '.');
        Arbitrary<String> replaced = at.list().ofMinSize(1).ofMaxSize(4).flatMap(ps -> c.list().ofSize(ps.size()).map(cs -> {
            char[] t = RECORDS.toCharArray();
            for (int i = 0; i < ps.size(); i++) t[ps.get(i)] = cs.get(i);
            return new String(t);
        }));
        Arbitrary<String> cut = at.map(n -> RECORDS.substring(0, n));
        return Arbitraries.oneOf(replaced, cut);
    }

    /** Whole and cut records of 3,073 bytes, with any labels and pixels. */
    @Provide
    Arbitrary<byte[]> cifarLike() {
        return Arbitraries.integers().between(0, 3 * 3073 + 7).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    private static void readsOrFailsClearly(byte[] bytes, String suffix, Reader reader) throws IOException {
        Path p = Files.createTempFile("any", suffix);
        try {
            Files.write(p, bytes);
            long t0 = System.nanoTime();
            try {
                reader.read(p);
            } catch (IOException | IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(p.getFileName().toString()),
                        "the error names the file: " + e);
            }
            assertTrue(System.nanoTime() - t0 < MAX_NANOS, "a read of " + bytes.length + " bytes took over 2 s");
        } finally {
            Files.delete(p);
        }
    }
}
