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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Where a running {@code jobs/serve} can be found: a small properties file ({@code host}, {@code port},
 * {@code pid}, {@code lakehouse}, {@code nonce}, {@code tls_cert}) beside the tables,
 * {@code <lakehouse>/.serve.properties}, or for a lakehouse that is not a local directory (hdfs://,
 * s3a://) under {@code ~/.cache/edu-balance/}. {@code jobs/sql} and the notebooks' helper read it; it
 * needs neither Spark nor Hadoop. The file is readable by its owner alone: its {@code nonce} is the
 * secret the server proves it knows ({@link ServerIdentity}) before {@code jobs/serve --stop} signals
 * its pid or {@code jobs/sql} sends it a statement, so a stale or forged file is not trusted.
 * {@code tls_cert}: the server's certificate (PEM) when it serves TLS, which local clients trust.
 */
public record ServeState(String host, int port, long pid, String lakehouse, String nonce, String tlsCert) {
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
          Long.parseLong(p.getProperty("pid")), p.getProperty("lakehouse"), p.getProperty("nonce", ""),
          p.getProperty("tls_cert", ""));
      return s.alive() ? s : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable or half-written: as if no server ran
    }
  }

  /** Whether the server serves TLS (its certificate is then {@link #tlsCert}). */
  public boolean tls() {
    return !tlsCert.isEmpty();
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
    p.setProperty("nonce", nonce);
    p.setProperty("tls_cert", tlsCert);
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), ".serve", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
