package ionas.nas.proxies;

import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code proxies.csv}: {@link ProxyRow#HEADER}, then one line per scored cell, appended as each
 * cell finishes (one write of the whole line). A run killed during a write leaves at most one
 * line without its line break; {@link #resume} drops it (rewriting the file atomically), so the
 * file never holds a torn row and the cell is scored again.
 */
public final class ProxiesFile {
    private final Path file;

    private ProxiesFile(Path file) {
        this.file = file;
    }

    /**
     * The file at {@code file}, created with its header if missing; the rows already there (after
     * dropping an unfinished last line). A clear error for a file of other columns.
     */
    public static ProxiesFile resume(Path file, List<ProxyRow> done) throws IOException {
        if (!Files.exists(file)) {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, ProxyRow.HEADER + "\n");
            return new ProxiesFile(file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            text = text.substring(0, end); // the line a killed run was writing
            AtomicFiles.writeString(file, text);
        }
        done.addAll(parse(file, text));
        return new ProxiesFile(file);
    }

    /** The rows of a finished file (an unfinished last line is ignored). */
    public static List<ProxyRow> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no proxies file there (make one with ionas proxies)");
        }
        return parse(file, text.substring(0, text.lastIndexOf('\n') + 1));
    }

    private static List<ProxyRow> parse(Path file, String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(ProxyRow.HEADER))
            throw new IllegalArgumentException(file + " is not a proxies file: its first line should be " + ProxyRow.HEADER);
        List<ProxyRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) rows.add(ProxyRow.parse(lines[i], file + " line " + (i + 1)));
        }
        return rows;
    }

    /** Appends {@code row} with its line break, in one write. */
    public void append(ProxyRow row) throws IOException {
        Files.writeString(file, row.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    public Path path() {
        return file;
    }
}
