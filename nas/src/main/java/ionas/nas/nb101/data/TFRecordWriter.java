package ionas.nas.nb101.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes records in the TFRecord framing {@link TFRecordReader} reads (length, masked CRC of the
 * length, payload, masked CRC of the payload). For tests and small tools; not thread-safe.
 */
public final class TFRecordWriter implements Closeable {
    private final OutputStream out;

    public TFRecordWriter(OutputStream out) {
        this.out = out;
    }

    public static TFRecordWriter create(Path file) throws IOException {
        return new TFRecordWriter(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    public void write(byte[] payload) throws IOException {
        out.write(frame(payload));
    }

    /** One framed record: header, payload and footer. */
    public static byte[] frame(byte[] payload) {
        byte[] r = new byte[16 + payload.length];
        long length = payload.length;
        for (int i = 0; i < 8; i++) r[i] = (byte) (length >>> (8 * i));
        putInt(r, 8, TFRecordReader.maskedCrc32c(r, 0, 8));
        System.arraycopy(payload, 0, r, 12, payload.length);
        putInt(r, 12 + payload.length, TFRecordReader.maskedCrc32c(payload, 0, payload.length));
        return r;
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
