package ionas.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on the loopback address, and unpacking a tar.gz built here. */
class DownloadTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] payload = new byte[200_000];
    private final AtomicReference<String> lastRange = new AtomicReference<>();
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            lastRange.set(range);
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("\\D*(\\d+)-.*", "$1"));
            exchange.sendResponseHeaders(range == null ? 200 : 206, payload.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload, from, payload.length - from);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/file");
    }

    @Test
    void downloadsChecksAndResumes() throws Exception {
        Path target = dir.resolve("sub/file.bin");
        // a previous attempt left the first 50,000 bytes
        Files.createDirectories(target.getParent());
        Files.write(target.resolveSibling("file.bin.part"), Arrays.copyOf(payload, 50_000));
        Path expectedMd5Source = dir.resolve("whole");
        Files.write(expectedMd5Source, payload);
        Download.fetch(new Download.Source(uri(), Download.md5(expectedMd5Source)), target, quiet);
        assertEquals("bytes=50000-", lastRange.get());
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertFalse(Files.exists(target.resolveSibling("file.bin.part")));
    }

    @Test
    void aWrongChecksumIsAnErrorAndNothingIsKept() {
        Path target = dir.resolve("file.bin");
        var err = assertThrows(IOException.class,
                () -> Download.fetch(new Download.Source(uri(), "00000000000000000000000000000000"), target, quiet));
        assertTrue(err.getMessage().contains("MD5"), err.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void unpacksATarGzAndRefusesPathsOutsideTheFolder() throws IOException {
        Path archive = dir.resolve("a.tar.gz");
        writeTarGz(archive, new String[] {"data/", "data/x.bin"}, new byte[][] {null, "hello".getBytes(StandardCharsets.US_ASCII)});
        var files = TarGz.extract(archive, dir.resolve("out"));
        assertEquals(1, files.size());
        assertEquals("hello", Files.readString(dir.resolve("out/data/x.bin")));
        Path evil = dir.resolve("evil.tar.gz");
        writeTarGz(evil, new String[] {"../escape.txt"}, new byte[][] {"x".getBytes(StandardCharsets.US_ASCII)});
        var err = assertThrows(IOException.class, () -> TarGz.extract(evil, dir.resolve("out2")));
        assertTrue(err.getMessage().contains("outside"), err.getMessage());
    }

    /** A minimal ustar archive: names ending in '/' are folders. */
    private static void writeTarGz(Path path, String[] names, byte[][] contents) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            for (int i = 0; i < names.length; i++) {
                byte[] h = new byte[512];
                byte[] name = names[i].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(name, 0, h, 0, name.length);
                int size = contents[i] == null ? 0 : contents[i].length;
                byte[] octal = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(octal, 0, h, 124, octal.length);
                h[156] = (byte) (names[i].endsWith("/") ? '5' : '0');
                out.write(h);
                if (size > 0) {
                    out.write(contents[i]);
                    out.write(new byte[(512 - size % 512) % 512]);
                }
            }
            out.write(new byte[1024]);
        }
    }
}
