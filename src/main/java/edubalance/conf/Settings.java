package edubalance.conf;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The settings of a run: every {@code *.properties} file under the conf directory (standards,
 * thresholds, encodings), then an optional override file or directory given with {@code --conf}.
 *
 * <p>Province overrides are keys prefixed {@code province.<2-digit code>.}: {@link #forProvince}
 * reads the province's value where one is set and the national one otherwise, so a province
 * applies a stricter standard without a code change.
 */
public final class Settings implements Serializable {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The repository's conf/ directory, overlaid with {@code override} (a file or a directory) when given. */
  public static Settings load(Path confDir, Path override) {
    Map<String, String> values = new TreeMap<>();
    readInto(confDir, values);
    if (override != null) readInto(override, values);
    return new Settings(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /** A copy with some keys replaced, for tests and for command-line overrides. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged);
  }

  private static void readInto(Path path, Map<String, String> into) {
    if (!Files.exists(path)) throw new IllegalArgumentException("conf not found: " + path);
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(p -> p.toString().endsWith(".properties"))
            .filter(p -> !p.getFileName().toString().startsWith("log4j"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read conf " + path + ": " + e.getMessage(), e);
      }
    } else {
      files.add(path);
    }
    for (Path file : files) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read conf " + file + ": " + e.getMessage(), e);
      }
      for (String k : p.stringPropertyNames()) into.put(k, p.getProperty(k).trim());
    }
  }

  public String get(String key) {
    String v = values.get(key);
    if (v == null) throw new IllegalArgumentException("missing setting '" + key + "' in conf/");
    return v;
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public double getDouble(String key) {
    return Double.parseDouble(get(key));
  }

  public int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  public boolean getBoolean(String key) {
    return Boolean.parseBoolean(get(key));
  }

  /** The province's own value of {@code key} if conf sets {@code province.<code>.<key>}, else the national value. */
  public String forProvince(String provinceCode2, String key) {
    String own = values.get("province." + provinceCode2 + "." + key);
    return own != null ? own : get(key);
  }

  /** Two-digit province prefixes that override anything. */
  public List<String> provincesWithOverrides() {
    List<String> out = new ArrayList<>();
    for (String k : values.keySet()) {
      if (k.startsWith("province.")) {
        String code = k.substring("province.".length(), Math.min(k.length(), "province.".length() + 2));
        if (!out.contains(code)) out.add(code);
      }
    }
    return out;
  }

  /** All keys under a prefix (national values only), in order. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
    });
    return out;
  }

  public Map<String, String> all() {
    return values;
  }
}
