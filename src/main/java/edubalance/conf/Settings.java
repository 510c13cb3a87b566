package edubalance.conf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The settings of a run: every {@code *.properties} file of the conf tree (standards,
 * thresholds, encodings; the repository's {@code conf/}, packaged into the jar as defaults), then
 * an optional override file or directory given with {@code --conf}.
 *
 * <p>Province overrides are keys prefixed {@code province.<2-digit code>.}: {@link #forProvince}
 * (and {@link ProvinceColumns} for whole-table expressions) reads the province's value where one
 * is set and the national one otherwise, so a province applies a stricter standard without a code
 * change. A key read with {@link #get} alone is marked national-only in its conf file.
 */
public final class Settings implements Serializable {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Where the defaults are packaged: {@code conf/} beside the classes, in the jar or target/classes. */
  static final String PACKAGED = "conf/";

  /**
   * The settings of a job: the defaults packaged with the classes ({@code conf/} of the jar), then
   * the repository's {@code conf/} when {@code edubalance.home} names one (jobs/ set it, so an
   * edit there counts without a rebuild), then {@code override} (a file or a directory) when given.
   * Runs from any directory: nothing is read from the working directory unless {@code override} is
   * a relative path.
   */
  public static Settings load(Path override) {
    Map<String, String> values = new TreeMap<>();
    List<String> packaged = Classpath.list(Settings.class, PACKAGED);
    for (String name : packaged) {
      if (isSettingsFile(name)) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(name)) {
          if (in == null) throw new IllegalArgumentException("cannot read packaged conf " + name);
          readInto(new InputStreamReader(in, StandardCharsets.UTF_8), name, values);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read packaged conf " + name + ": " + e.getMessage(), e);
        }
      }
    }
    String home = System.getProperty("edubalance.home");
    Path homeConf = home == null ? null : Paths.get(home, "conf");
    if (homeConf != null && Files.isDirectory(homeConf)) {
      readInto(homeConf, values, null);
    } else if (values.isEmpty()) {
      throw new IllegalArgumentException("conf not found: no conf/ packaged with the classes"
          + (homeConf == null ? "" : " and none in " + homeConf));
    }
    if (override != null) readInto(override, values, Set.copyOf(values.keySet()));
    return new Settings(values);
  }

  /** A conf directory, overlaid with {@code override} (a file or a directory) when given. */
  public static Settings load(Path confDir, Path override) {
    Map<String, String> values = new TreeMap<>();
    readInto(confDir, values, null);
    if (override != null) readInto(override, values, Set.copyOf(values.keySet()));
    return new Settings(values);
  }

  /**
   * Keys an override may set beyond those the conf tree sets: one dataset's CSV encoding
   * ({@code ingest.encoding.<dataset>}, beside {@code ingest.encoding.default}).
   */
  private static final List<String> KEY_FAMILIES = List.of("ingest.encoding.");

  /**
   * Refuses a key of an override file that the conf tree does not know, itself or after a
   * {@code province.<2-digit code>.} prefix: a misspelt key would otherwise be ignored and its
   * default applied without a word. docs/CONF.md lists every key.
   */
  private static void checkKnown(String key, Set<String> known, String file) {
    Matcher province = PROVINCE_KEY.matcher(key);
    String base = province.matches() ? province.group(1) : key;
    if (known.contains(base) || KEY_FAMILIES.stream().anyMatch(base::startsWith)) return;
    // The nearest known key, when a typo or two away.
    LevenshteinDistance distance = new LevenshteinDistance(3);
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance.apply(base, k);
      if (d >= 0 && d < best) {
        best = d;
        nearest = k;
      }
    }
    String prefix = key.substring(0, key.length() - base.length());
    throw new IllegalArgumentException("unknown setting '" + key + "' in " + file
        + (nearest == null ? "" : " (did you mean '" + prefix + nearest + "'?)") + "; docs/CONF.md lists every setting");
  }

  private static final Pattern PROVINCE_KEY = Pattern.compile("province\\.\\d{2}\\.(.+)");

  /** A copy with some keys replaced, for tests and for command-line overrides. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** The *.properties files of a conf tree; log4j's configuration is not a setting. */
  private static boolean isSettingsFile(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return file.endsWith(".properties") && !file.startsWith("log4j");
  }

  /** The settings files of a conf tree, sorted (the order they are read in, and docs/CONF.md's). */
  static List<Path> settingsFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> isSettingsFile(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read conf " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads a file or a conf tree into {@code into}; with {@code known}, each key must be one of them (an override). */
  private static void readInto(Path path, Map<String, String> into, Set<String> known) {
    if (!Files.exists(path)) throw new IllegalArgumentException("conf not found: " + path);
    List<Path> files = Files.isDirectory(path) ? settingsFiles(path) : List.of(path);
    for (Path file : files) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        Map<String, String> read = new TreeMap<>();
        readInto(r, file.toString(), read);
        if (known != null) for (String k : read.keySet()) checkKnown(k, known, file.toString());
        into.putAll(read);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read conf " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static void readInto(Reader reader, String name, Map<String, String> into) {
    Properties p = new Properties();
    try {
      p.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read conf " + name + ": " + e.getMessage(), e);
    }
    for (String k : p.stringPropertyNames()) into.put(k, p.getProperty(k).trim());
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

  /** A comma-separated list of codes, e.g. {@code pe, music, art}, trimmed. */
  public List<String> getList(String key) {
    List<String> out = new ArrayList<>();
    for (String v : get(key).split(",")) if (!v.isBlank()) out.add(v.strip());
    return out;
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

  public Map<String, String> all() {
    return values;
  }
}
