package edubalance.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and positional arguments; an unknown option is a usage error. */
public final class Args {
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param valued options that take a value ({@code --out DIR})
   * @param flags options that take none ({@code --help})
   */
  public static Args parse(String[] argv, Set<String> valued, Set<String> flags) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      if (s.startsWith("--")) {
        String name = s.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          a.options.put(name, "true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= argv.length) throw new UsageException("--" + name + " needs a value");
            value = argv[++i];
          }
          a.options.put(name, value);
        } else {
          throw new UsageException("unknown option --" + name);
        }
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  public String get(String name) {
    return options.get(name);
  }

  public String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public boolean has(String name) {
    return options.containsKey(name);
  }

  public String require(String name) {
    String v = options.get(name);
    if (v == null) throw new UsageException("--" + name + " is required");
    return v;
  }

  public List<String> positional() {
    return positional;
  }

  /** A month given as {@code YYYY-MM} ({@code --month} of the rollup, the monthly run and the province report): {year, month}. */
  public static int[] yearMonth(String s, String usage) {
    if (s == null) throw new UsageException("--month is required; " + usage);
    if (!s.matches("\\d{4}-\\d{2}")) throw new UsageException("--month must be YYYY-MM, not " + s);
    int y = Integer.parseInt(s.substring(0, 4));
    int m = Integer.parseInt(s.substring(5));
    if (m < 1 || m > 12) throw new UsageException("--month must be YYYY-MM with a month 01-12, not " + s);
    return new int[] {y, m};
  }

  /** A wrong command line: the job prints the message and its usage, and exits 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
