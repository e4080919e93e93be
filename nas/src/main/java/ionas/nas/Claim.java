package ionas.nas;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A claim on one item of work (a search seed, a network to train, a prediction pair) shared by
 * several processes writing to one output folder, as the tasks of a cluster's job array do: the
 * first to claim an item computes it, the others skip it. Without claims every task computed every
 * item whose result was not yet written.
 *
 * <p>A claim is an exclusive lock on a file beside the result ({@code NAME.lock}), so a process
 * that dies releases its claims with it and a rerun picks the items up again; nothing stale is
 * left to clean. Locks are advisory and need a file system that supports them across machines
 * (local disks, NFSv4, Lustre with flock); where none does, give each task its own --out.
 */
public final class Claim implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Claim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The claim on the item whose lock file is {@code lockFile}, or empty while another run holds it. */
    public static Optional<Claim> tryClaim(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) return Optional.of(new Claim(channel, lock));
        } catch (OverlappingFileLockException heldInThisJvm) {
            // another runner of this process holds it: the same as another process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    /** The lock file of the item whose result is {@code result}. */
    public static Path lockFileOf(Path result) {
        return result.resolveSibling(result.getFileName() + ".lock");
    }

    /** Releases the claim; the lock file stays (deleting it could race with a claimant that just opened it). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Whether {@code file} is a claim's lock file, for listings of results. */
    public static boolean isLockFile(Path file) {
        return file.getFileName().toString().endsWith(".lock") && !Files.isDirectory(file);
    }
}
