package edubalance.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Files packaged beside a class: in the directory of compiled classes (an embedded run, the tests)
 * or in the job jar (spark-submit). Lists them under a prefix, since a class loader cannot list a
 * directory of a jar; used for the packaged conf defaults and to find the gold models.
 */
public final class Classpath {
  private Classpath() {}

  /** Names ({@code conf/standards/units.properties}) of the files under {@code prefix} where {@code anchor} was loaded from, sorted. */
  public static List<String> list(Class<?> anchor, String prefix) {
    List<String> out = new ArrayList<>();
    Path location = location(anchor);
    if (location == null) return out;
    try {
      if (Files.isDirectory(location)) {
        Path dir = location.resolve(prefix);
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile)
              .forEach(p -> out.add(location.relativize(p).toString().replace('\\', '/')));
        }
      } else if (Files.isRegularFile(location)) {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) out.add(entry.getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + prefix + " in " + location + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  /** The classes directory or jar {@code anchor} came from; null when the class loader does not say. */
  private static Path location(Class<?> anchor) {
    var source = anchor.getProtectionDomain().getCodeSource();
    URL url = source == null ? null : source.getLocation();
    if (url == null || !"file".equals(url.getProtocol())) return null;
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
