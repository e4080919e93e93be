package ionas.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads one file over HTTP(S) into {@code target}: the bytes go to {@code target.part}, an
 * interrupted download continues from where it stopped (an HTTP Range request), the finished file
 * is checked against its MD5 when one is known, and only then renamed into place.
 */
public final class Download {
    private Download() {}

    /** A file to fetch: where from, and its MD5 (hex) or null when unknown. */
    public record Source(URI uri, String md5) {}

    public static void fetch(Source source, Path target, PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(source.uri()).GET();
        if (have > 0) request.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IOException("cannot reach " + source.uri() + " (" + e.getMessage() + "); is this machine online?", e);
        }
        int status = response.statusCode();
        boolean append = have > 0 && status == 206;
        if (status != 200 && status != 206) throw new IOException("GET " + source.uri() + " answered HTTP " + status);
        if (have > 0 && !append) progress.println("the server does not resume downloads; starting " + target.getFileName() + " again");
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1) + (append ? have : 0);
        long done = append ? have : 0;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            long lastReport = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                if (done - lastReport >= 16 << 20) {
                    lastReport = done;
                    progress.printf(Locale.ROOT, "  %s: %d MiB%s%n", target.getFileName(), done >> 20,
                            total > 0 ? String.format(Locale.ROOT, " of %d MiB (%.0f%%)", total >> 20, 100.0 * done / total) : "");
                }
            }
        }
        if (source.md5() != null) {
            String actual = md5(part);
            if (!actual.equalsIgnoreCase(source.md5())) {
                Files.delete(part);
                throw new IOException(target.getFileName() + " from " + source.uri() + " has MD5 " + actual + ", expected "
                        + source.md5() + "; the partial file was deleted, run the download again");
            }
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
