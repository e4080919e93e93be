package ionas.nas.nb101.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TFRecordReaderTest {
    /** "hello" framed by an independent (bitwise Python) CRC32C and mask implementation. */
    static final byte[] HELLO = HexFormat.of().parseHex("0500000000000000eab2043e68656c6c6fbb1f1c19");

    private static TFRecordReader reader(byte[] bytes) {
        return new TFRecordReader(new ByteArrayInputStream(bytes), "test.tfrecord", bytes.length);
    }

    @Test
    void crc32cIsCastagnoliAndTheMaskMatchesTensorFlow() throws IOException {
        CRC32C c = new CRC32C();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xe3069283L, c.getValue()); // the CRC-32C check value
        assertArrayEquals(HELLO, TFRecordWriter.frame("hello".getBytes(StandardCharsets.US_ASCII)));
        try (TFRecordReader r = reader(HELLO)) {
            assertEquals("hello", new String(r.next(), StandardCharsets.US_ASCII));
            assertNull(r.next());
            assertEquals(1, r.recordsRead());
        }
    }

    @Test
    void writerAndReaderRoundTripSeveralRecordsIncludingAnEmptyOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.tfrecord");
        byte[][] payloads = {"one".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[70_000]};
        payloads[2][69_999] = 42;
        try (TFRecordWriter w = TFRecordWriter.create(f)) {
            for (byte[] p : payloads) w.write(p);
        }
        try (TFRecordReader r = TFRecordReader.open(f)) {
            for (byte[] p : payloads) assertArrayEquals(p, r.next());
            assertNull(r.next());
            assertEquals(Files.size(f), r.offset());
        }
    }

    private static byte[] twoRecords() {
        byte[] a = TFRecordWriter.frame("hello".getBytes(StandardCharsets.US_ASCII));
        byte[] b = TFRecordWriter.frame("world!".getBytes(StandardCharsets.US_ASCII));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String failure(byte[] bytes) {
        return assertThrows(TFRecordFormatException.class, () -> {
            try (TFRecordReader r = reader(bytes)) {
                while (r.next() != null) {
                    // read on
                }
            }
        }).getMessage();
    }

    @Test
    void payloadCrcMismatchNamesTheRecordAndOffset() {
        byte[] bytes = twoRecords();
        bytes[21 + 12] ^= 1; // first payload byte of record 1 (record 0 is 16 + 5 bytes)
        String msg = failure(bytes);
        assertTrue(msg.contains("test.tfrecord: record 1 at byte offset 21: payload CRC mismatch"), msg);
    }

    @Test
    void lengthCrcMismatchIsReported() {
        byte[] bytes = twoRecords();
        bytes[8] ^= 0x10;
        String msg = failure(bytes);
        assertTrue(msg.contains("record 0 at byte offset 0: CRC mismatch in the length field"), msg);
    }

    @Test
    void truncatedRecordsAreReported() {
        byte[] bytes = twoRecords();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        String msg = failure(cut);
        assertTrue(msg.contains("record 1 at byte offset 21: truncated record"), msg);
        byte[] header = java.util.Arrays.copyOf(bytes, 21 + 5);
        msg = failure(header);
        assertTrue(msg.contains("record 1 at byte offset 21: truncated record: the file ends 5 bytes into the 12-byte header"), msg);
        // unknown size (a stream): the short payload read catches it
        String stream = assertThrows(TFRecordFormatException.class, () -> {
            try (TFRecordReader r = new TFRecordReader(new ByteArrayInputStream(cut), "s", -1)) {
                while (r.next() != null) {
                    // read on
                }
            }
        }).getMessage();
        assertTrue(stream.contains("record 1") && stream.contains("truncated"), stream);
    }

    @Test
    void absurdLengthWithAValidCrcIsABadLength() {
        byte[] h = new byte[16];
        java.util.Arrays.fill(h, 0, 8, (byte) 0xff); // 2^64 - 1
        int crc = TFRecordReader.maskedCrc32c(h, 0, 8);
        for (int i = 0; i < 4; i++) h[8 + i] = (byte) (crc >>> (8 * i));
        String msg = failure(h);
        assertTrue(msg.contains("bad record length 18446744073709551615"), msg);
    }
}
