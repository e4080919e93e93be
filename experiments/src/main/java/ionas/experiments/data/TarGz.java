package ionas.experiments.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a {@code .tar.gz} of plain files and folders (the form CIFAR-10 ships in). A tar file is
 * a sequence of 512-byte headers, each followed by the file's bytes padded to 512; the name is at
 * offset 0 (with an optional prefix at 345), the size in octal at 124, the type at 156. Entries
 * that would land outside the target folder are refused.
 */
public final class TarGz {
    private TarGz() {}

    /** Extracts {@code archive} into {@code dir}; returns the files written. */
    public static List<Path> extract(Path archive, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Path root = dir.toAbsolutePath().normalize();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[512];
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                if (isZero(header)) break; // two zero blocks end the archive
                String name = string(header, 0, 100);
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                long size = Long.parseLong(string(header, 124, 12).trim().isEmpty() ? "0" : string(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root)) throw new IOException(archive + ": entry '" + name + "' points outside " + root);
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Path tmp = target.resolveSibling(target.getFileName() + ".part");
                    Files.copy(limited(in, size), tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    written.add(target);
                } else {
                    in.skipNBytes(size); // links and other special entries are not needed
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        }
        return written;
    }

    private static InputStream limited(InputStream in, long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() throws IOException {
                if (left == 0) return -1;
                int b = in.read();
                if (b < 0) throw new EOFException("tar entry truncated");
                left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new EOFException("tar entry truncated");
                left -= n;
                return n;
            }
        };
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
