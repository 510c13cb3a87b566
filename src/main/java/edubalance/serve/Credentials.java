package edubalance.serve;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Properties;
import java.util.Set;

/**
 * The user {@code jobs/sql} logs in as, never from its command line: {@code EDU_BALANCE_USER} and
 * {@code EDU_BALANCE_PASSWORD}, or else a properties file ({@code user}, {@code password}) at
 * {@code EDU_BALANCE_CREDENTIALS}, by default {@code ~/.config/edu-balance/credentials}, which must
 * be readable by its owner alone (0600). Null when neither is there (a server without users).
 */
record Credentials(String user, String password) {
  static final String HOW = "set EDU_BALANCE_USER and EDU_BALANCE_PASSWORD, or write user= and password= to "
      + "~/.config/edu-balance/credentials with permissions 0600";

  static Credentials find() {
    String user = System.getenv("EDU_BALANCE_USER");
    String password = System.getenv("EDU_BALANCE_PASSWORD");
    if (user != null && password != null) return new Credentials(user, password);
    String named = System.getenv("EDU_BALANCE_CREDENTIALS");
    Path file = named != null ? Path.of(named)
        : Path.of(System.getProperty("user.home"), ".config", "edu-balance", "credentials");
    if (!Files.isRegularFile(file)) {
      if (named != null) throw new IllegalArgumentException("EDU_BALANCE_CREDENTIALS names " + file + ", which is no file");
      return null;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new IllegalArgumentException(file + " is readable by others; chmod 600 " + file);
        }
      }
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      }
      if (props.getProperty("user") == null || props.getProperty("password") == null) {
        throw new IllegalArgumentException(file + " needs user= and password=");
      }
      return new Credentials(props.getProperty("user").strip(), props.getProperty("password"));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
