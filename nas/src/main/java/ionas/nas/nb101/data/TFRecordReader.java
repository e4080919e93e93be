package ionas.nas.nb101.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Streams the records of a TFRecord file, the framing TensorFlow writes and NAS-Bench-101's
 * {@code nasbench_*.tfrecord} files use. Every record is
 *
 * <pre>
 *   uint64 length            (little endian)
 *   uint32 masked CRC32C of the 8 length bytes
 *   byte[length] payload
 *   uint32 masked CRC32C of the payload
 * </pre>
 *
 * with the mask {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (32-bit arithmetic). Both
 * checksums are verified; a mismatch, a length that cannot be right or a file that ends inside a
 * record throws {@link TFRecordFormatException} naming the file, the record number (from 0) and
 * the record's byte offset. Not thread-safe.
 */
public final class TFRecordReader implements Closeable {
    /** The largest payload this reader accepts (a Java array's limit, far above any NAS-Bench-101 record). */
    public static final long MAX_PAYLOAD = Integer.MAX_VALUE - 16;

    private static final int MASK_DELTA = 0xa282ead8;

    private final InputStream in;
    private final String name;
    private final long size; // -1 when unknown
    private final byte[] header = new byte[12], footer = new byte[4];
    private long offset, index;

    /** A reader over {@code in}; {@code name} appears in errors, {@code size} is the byte count or -1 if unknown. */
    public TFRecordReader(InputStream in, String name, long size) {
        this.in = in;
        this.name = name;
        this.size = size;
    }

    public static TFRecordReader open(Path file) throws IOException {
        return new TFRecordReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString(), Files.size(file));
    }

    /** The next record's payload, or null at the end of the file. */
    public byte[] next() throws IOException {
        int n = in.readNBytes(header, 0, 12);
        if (n == 0) return null;
        if (n < 12) throw error("truncated record: the file ends " + n + " bytes into the 12-byte header");
        long length = littleEndianLong(header, 0);
        int storedLengthCrc = littleEndianInt(header, 8), lengthCrc = maskedCrc32c(header, 0, 8);
        if (storedLengthCrc != lengthCrc) throw error("CRC mismatch in the length field (stored " + hex(storedLengthCrc)
                + ", computed " + hex(lengthCrc) + "): corrupt file, or not a TFRecord file");
        if (length < 0 || length > MAX_PAYLOAD)
            throw error("bad record length " + Long.toUnsignedString(length) + " (at most " + MAX_PAYLOAD + " supported)");
        if (size >= 0 && offset + 16 + length > size)
            throw error("truncated record: " + length + " payload bytes announced, but the file ends "
                    + (size - offset) + " bytes after the record's start (needs " + (16 + length) + ")");
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length)
            throw error("truncated record: the file ends " + payload.length + " bytes into a " + length + "-byte payload");
        if (in.readNBytes(footer, 0, 4) < 4) throw error("truncated record: the file ends inside the payload's CRC");
        int storedCrc = littleEndianInt(footer, 0), crc = maskedCrc32c(payload, 0, payload.length);
        if (storedCrc != crc) throw error("payload CRC mismatch (stored " + hex(storedCrc) + ", computed " + hex(crc) + ")");
        offset += 16 + length;
        index++;
        return payload;
    }

    /** How many records {@link #next()} has returned. */
    public long recordsRead() {
        return index;
    }

    /** The byte offset of the next record. */
    public long offset() {
        return offset;
    }

    /** The file's name as errors show it. */
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private TFRecordFormatException error(String problem) {
        return new TFRecordFormatException(name + ": record " + index + " at byte offset " + offset + ": " + problem);
    }

    /** TFRecord's masked CRC32C (Castagnoli) of {@code len} bytes at {@code off}. */
    public static int maskedCrc32c(byte[] bytes, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(bytes, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    static long littleEndianLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xffL);
        return v;
    }

    static int littleEndianInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static String hex(int v) {
        return String.format(Locale.ROOT, "0x%08x", v);
    }
}
