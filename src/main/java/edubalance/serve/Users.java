package edubalance.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The users of {@code jobs/serve}: one line per user, {@code name<TAB>role<TAB>bcrypt hash}, in a
 * file only its owner reads (0600). Passwords are kept as salted bcrypt hashes (Bouncy Castle's
 * OpenBSDBCrypt, cost {@value #COST}: about a quarter of a second per check, paid once per login,
 * since a login is exchanged for a bearer token). No Spark here: {@code jobs/serve --add-user} runs
 * without it.
 */
public final class Users {
  /** bcrypt's work factor: 2^12 rounds. */
  static final int COST = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One user: the role and the password's bcrypt hash. */
  public record User(String name, Role role, String hash) {}

  private final Path file;
  private final Map<String, User> users;

  private Users(Path file, Map<String, User> users) {
    this.file = file;
    this.users = users;
  }

  /** The users of {@code file}; none when it does not exist. A malformed line is refused with its number. */
  public static Users load(Path file) {
    Map<String, User> users = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage());
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (f.length != 3 || !f[2].startsWith("$2")) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected name, role and bcrypt hash separated by tabs");
        }
        users.put(f[0], new User(f[0], Role.parse(f[1]), f[2]));
      }
    }
    return new Users(file, users);
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  public Path file() {
    return file;
  }

  /** The user's role when the password is theirs; null otherwise (unknown name or wrong password alike). */
  public Role check(String name, String password) {
    User u = users.get(name);
    if (u == null || password == null) return null;
    try {
      return OpenBSDBCrypt.checkPassword(u.hash(), password.toCharArray()) ? u.role() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public Role roleOf(String name) {
    User u = users.get(name);
    return u == null ? null : u.role();
  }

  /** Adds or replaces a user (name: letters, digits, {@code . _ -}); the file is rewritten 0600. */
  public void put(String name, Role role, char[] password) {
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_' or '-', not '" + name + "'");
    }
    if (password.length < 8) throw new IllegalArgumentException("a password has at least 8 characters");
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    users.put(name, new User(name, role, OpenBSDBCrypt.generate("2b", password, salt, COST)));
    save();
  }

  /** Removes a user; false when there was none of that name. */
  public boolean remove(String name) {
    if (users.remove(name) == null) return false;
    save();
    return true;
  }

  private void save() {
    List<String> lines = new ArrayList<>();
    lines.add("# jobs/serve users: name, role, bcrypt hash (managed by jobs/serve --add-user / --remove-user)");
    for (User u : users.values()) lines.add(u.name() + "\t" + u.role() + "\t" + u.hash());
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".users", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the users file " + file + ": " + e.getMessage(), e);
    }
  }
}
