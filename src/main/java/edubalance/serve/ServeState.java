package edubalance.serve;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Where a running {@code jobs/serve} can be found: a small properties file ({@code host}, {@code port},
 * {@code pid}, {@code lakehouse}) beside the tables, {@code <lakehouse>/.serve.properties}, or for a
 * lakehouse that is not a local directory (hdfs://, s3a://) under {@code ~/.cache/edu-balance/}.
 * {@code jobs/sql} and the notebooks' helper read it; it needs neither Spark nor Hadoop.
 */
public record ServeState(String host, int port, long pid, String lakehouse) {
  public static final String FILE_NAME = ".serve.properties";

  /** The state file of a lakehouse given as {@code ./lakehouse}, {@code /abs/dir}, {@code file:/…} or a URI. */
  public static Path file(String lakehouse) {
    if (lakehouse.startsWith("file:")) return Path.of(URI.create(lakehouse)).normalize().resolve(FILE_NAME);
    if (lakehouse.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return Path.of(System.getProperty("user.home"), ".cache", "edu-balance", "serve-" + digest(lakehouse) + ".properties");
    }
    return Path.of(lakehouse).toAbsolutePath().normalize().resolve(FILE_NAME);
  }

  /** The server recorded for the lakehouse, when its process is still alive; otherwise null. */
  public static ServeState find(String lakehouse) {
    Path f = file(lakehouse);
    if (!Files.isRegularFile(f)) return null;
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
      ServeState s = new ServeState(p.getProperty("host"), Integer.parseInt(p.getProperty("port")),
          Long.parseLong(p.getProperty("pid")), p.getProperty("lakehouse"));
      return s.alive() ? s : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable or half-written: as if no server ran
    }
  }

  public boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Writes the state atomically (a reader never sees half a file). */
  public void write(String lakehouse) {
    Path f = file(lakehouse);
    Properties p = new Properties();
    p.setProperty("host", host);
    p.setProperty("port", String.valueOf(port));
    p.setProperty("pid", String.valueOf(pid));
    p.setProperty("lakehouse", this.lakehouse);
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), ".serve", ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "jobs/serve: the SQL endpoint of this lakehouse (Arrow Flight SQL)");
      }
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  /** Removes the state file if it still names this process (a newer server may have replaced it). */
  public void remove(String lakehouse) {
    Path f = file(lakehouse);
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
      if (String.valueOf(pid).equals(p.getProperty("pid"))) Files.deleteIfExists(f);
    } catch (IOException e) {
      // already gone
    }
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
