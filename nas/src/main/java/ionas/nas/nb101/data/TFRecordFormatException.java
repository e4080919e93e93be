package ionas.nas.nb101.data;

import java.io.IOException;

/** A TFRecord file that is corrupt or truncated; the message names the file, record number and byte offset. */
public final class TFRecordFormatException extends IOException {
    public TFRecordFormatException(String message) {
        super(message);
    }
}
