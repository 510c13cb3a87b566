package edubalance.lakehouse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * One writer at a time on a lakehouse: the jobs that write (ingest, metrics, rollup, pipeline)
 * hold an operating-system lock on {@code <lakehouse>/.writer.lock} while they run; a second one
 * waits up to conf {@code lakehouse.lock.wait_seconds} and then refuses, naming the job that holds
 * it. The lock is the kernel's ({@link FileChannel#tryLock}, fcntl on Linux), released when the
 * holding process ends however it ends, kill -9 included, so it is never left stuck; the file
 * itself stays and only says who held it last. Readers (jobs/sql) take no lock: Delta gives them
 * a committed version.
 *
 * <p>A lakehouse on hdfs:// or s3a:// is not locked. There Delta's optimistic concurrency decides:
 * of two conflicting commits the later fails (ConcurrentAppendException and the like), the job
 * says so in one line, and since every step is one commit nothing is half-written; running the job
 * again completes it.
 */
public final class WriterLock implements AutoCloseable {
  static final String FILE = ".writer.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lakehouse is being written by another job. */
  public static final class Busy extends IllegalStateException {
    Busy(String message) {
      super(message);
    }
  }

  /**
   * Takes the lock of the lakehouse at {@code root} for {@code job}, waiting up to
   * {@code waitSeconds}; a lakehouse that is not on the local file system gets a lock that holds
   * nothing (see the class comment).
   *
   * @throws Busy when another job still holds it after the wait
   */
  public static WriterLock acquire(String root, String job, long waitSeconds) {
    Path dir = localPath(root);
    if (dir == null) {
      System.err.println(job + ": " + root + " is not on the local file system: no writer lock; a concurrent "
          + "writer makes one of the two jobs fail cleanly, to be run again");
      return new WriterLock(null, null);
    }
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long deadline = System.currentTimeMillis() + waitSeconds * 1000;
      boolean told = false;
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          String holder = job + " (pid " + ProcessHandle.current().pid() + " on " + host() + ", since "
              + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + ")";
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
          channel.force(false);
          return new WriterLock(channel, lock);
        }
        String holder = holder(file);
        if (System.currentTimeMillis() >= deadline) {
          throw new Busy("the lakehouse " + dir + " is being written by " + holder + "; run " + job
              + " again when it has finished" + (waitSeconds == 0 ? " (or set lakehouse.lock.wait_seconds to wait)" : ""));
        }
        if (!told) {
          System.err.println(job + ": waiting up to " + waitSeconds + " s for " + holder + " to finish writing " + dir);
          told = true;
        }
        Thread.sleep(500);
      }
    } catch (IOException e) {
      close(channel);
      throw new IllegalArgumentException("cannot write the lakehouse " + dir + ": " + e.getClass().getSimpleName()
          + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      close(channel);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lakehouse lock", e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** Null when another process holds it; this JVM holding it already counts as busy too. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Who holds the lock, as its holder wrote it. */
  private static String holder(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "another job" : s;
    } catch (IOException e) {
      return "another job";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }

  /** The directory of a local lakehouse ({@code ./lakehouse}, {@code /x}, {@code file:/x}), or null for hdfs://, s3a://... */
  static Path localPath(String root) {
    if (root.startsWith("file:")) {
      String path = root.substring("file:".length());
      while (path.startsWith("//")) path = path.substring(1);
      return Paths.get(path).toAbsolutePath().normalize();
    }
    if (root.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) return null;
    return Paths.get(root).toAbsolutePath().normalize();
  }

  private static void close(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException e) {
      // Closing releases the lock; nothing else to do.
    }
  }

  /** Releases the lock (closing the file releases it too). */
  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException e) {
        // The channel's close below releases it as well.
      }
    }
    close(channel);
  }
}
