package edubalance.ingest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A delivery: a directory with one sub-directory per dataset, every {@code *.csv} below it (at any
 * depth) belonging to that dataset. Its id is a digest of the file names, sizes and modification
 * times, so ingesting the same directory again is recognised.
 *
 * <p>The inbox is a boundary. Every file below it is either listed for its dataset or refused with
 * a reason: at the inbox root, in a folder that is not a dataset, not {@code *.csv}, not a regular
 * file, unreadable, a second path (hard link) to a file already listed, a copy of another file of
 * its dataset (the same bytes under another name: its rows would only repeat the other's), or a link. Links are never
 * followed: every real file of a local inbox is reached without them, so a link inside the inbox is
 * a second path ({@code duplicate_path}, {@code link_loop}) and one leaving it is out of bounds
 * ({@code link_leaves_inbox}); resolving a link to say which reads nothing it points to. On
 * hdfs:// and s3a:// (no hard links; HDFS symlinks are off by default) a link is refused as such.
 */
public record Delivery(String inbox, String id, Map<String, List<String>> filesByDataset,
    Map<String, Long> bytesByDataset, Map<String, String> relativeNames, Map<String, Long> bytesByFile,
    List<Refused> refused) {

  /**
   * A file not ingested and why: {@code reason} is one of the codes of docs/DELIVERY.md
   * ({@code at_inbox_root}, {@code unknown_dataset_folder}, {@code not_csv}, ...), {@code detail}
   * says it for a person. {@code dataset} is empty when the file belongs to none. {@code rows}
   * counts the lines after its header, none of them ingested; null for a file not opened.
   */
  public record Refused(String dataset, String file, String reason, String detail, long bytes, Long rows) {
    public Refused(String dataset, String file, String reason, String detail, long bytes) {
      this(dataset, file, reason, detail, bytes, null);
    }

    /** The one line a job prints for it. */
    public String line() {
      return file + ": refused (" + reason + "): " + detail;
    }
  }

  public static Delivery list(String inbox, Configuration hadoop) {
    try {
      Path root = new Path(inbox);
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("inbox is not a directory: " + inbox);
      }
      Path qualified = fs.makeQualified(root);
      Listing listing = new Listing(hadoop);
      if ("file".equals(qualified.toUri().getScheme())) {
        listing.walkLocal(Paths.get(qualified.toUri()).toRealPath());
      } else {
        listing.walkHadoop(fs, qualified);
      }
      return listing.delivery();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list inbox " + inbox + ": " + e.getMessage(), e);
    }
  }

  /** A file's path relative to the inbox, as recorded in bronze and quarantine. */
  public String relative(String file) {
    String name = relativeNames.get(file);
    if (name != null) return name;
    return file.startsWith(inbox + "/") ? file.substring(inbox.length() + 1) : file;
  }

  /** The size of a listed file, by its name relative to the inbox. */
  public long bytes(String relativeName) {
    return bytesByFile.getOrDefault(relativeName, 0L);
  }

  /** A listed file's URI, by its name relative to the inbox. */
  public String uri(String relativeName) {
    for (Map.Entry<String, String> e : relativeNames.entrySet()) if (e.getValue().equals(relativeName)) return e.getKey();
    return inbox + "/" + relativeName;
  }

  /** The lines after the header of a listed file (one pass over its bytes); null when it cannot be read. */
  static Long rowsIn(String uri, Configuration hadoop) {
    try (java.io.InputStream in = open(uri, hadoop)) {
      return Math.max(0, lines(in, null) - 1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Lines in a stream (a last line without a line end counts), feeding its bytes to {@code digest} when given. */
  private static long lines(java.io.InputStream in, MessageDigest digest) throws IOException {
    byte[] b = new byte[1 << 16];
    long lines = 0;
    int last = '\n';
    for (int n; (n = in.read(b)) > 0; ) {
      if (digest != null) digest.update(b, 0, n);
      for (int i = 0; i < n; i++) if (b[i] == '\n') lines++;
      last = b[n - 1];
    }
    return lines + (last == '\n' ? 0 : 1);
  }

  /** The refusals that belong to one dataset's folder ({@code ""}: to none). */
  public List<Refused> refusedIn(String dataset) {
    return refused.stream().filter(r -> r.dataset().equals(dataset)).toList();
  }

  /** Opens a listed file. A local file is opened without following a link (the list holds real paths). */
  static java.io.InputStream open(String file, Configuration hadoop) throws IOException {
    URI uri = URI.create(file);
    if ("file".equals(uri.getScheme())) {
      return Files.newInputStream(Paths.get(uri), LinkOption.NOFOLLOW_LINKS);
    }
    Path p = new Path(uri);
    return p.getFileSystem(hadoop).open(p);
  }

  /** One walk of the inbox. */
  private static final class Listing {
    final List<String> known = Datasets.ALL.stream().map(DatasetSpec::name).toList();
    /** Candidate files in walk order: what decides which path of a file is kept. */
    final List<Candidate> candidates = new ArrayList<>();
    final List<Refused> refused = new ArrayList<>();
    String inbox;
    final Configuration hadoop;

    Listing(Configuration hadoop) {
      this.hadoop = hadoop;
    }

    /** A regular file at {@code seen} (relative to the inbox); {@code key} identifies it across hard links. */
    record Candidate(String dataset, String seen, String uri, Object key, long bytes, long modified) {}

    void walkLocal(java.nio.file.Path root) throws IOException {
      if (!Files.isDirectory(root)) throw new IOException("not a directory");
      String uri = new Path(root.toUri()).toString();
      inbox = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
      walkLocal(root, root, "", null);
    }

    /**
     * {@code dir} is a real directory inside {@code root}, shown as {@code seen}; {@code dataset}
     * is null at the root, "" in a folder that is not a dataset. Links are resolved (no content
     * read) only to say why they are refused: every real file below the root is reached without
     * them, so a link inside the inbox is a second path and one leading out is out of bounds.
     */
    private void walkLocal(java.nio.file.Path root, java.nio.file.Path dir, String seen, String dataset)
        throws IOException {
      List<java.nio.file.Path> children = new ArrayList<>();
      try (var stream = Files.newDirectoryStream(dir)) {
        stream.forEach(children::add);
      } catch (IOException e) {
        refuse(dataset, seen, "unreadable", "cannot list the folder: " + e.getMessage(), 0);
        return;
      }
      children.sort(Comparator.comparing(p -> p.getFileName().toString()));
      for (java.nio.file.Path child : children) {
        String name = child.getFileName().toString();
        String shown = seen.isEmpty() ? name : seen + "/" + name;
        BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          refuseLink(root, dir, child, dataset, shown);
        } else if (attrs.isDirectory()) {
          walkLocal(root, child, shown, dataset != null ? dataset : known.contains(name) ? name : "");
        } else if (attrs.isRegularFile()) {
          Object key = attrs.fileKey() != null ? attrs.fileKey() : child.toString();
          if (dataset != null && !dataset.isEmpty() && name.toLowerCase(Locale.ROOT).endsWith(".csv")
              && !Files.isReadable(child)) {
            refuse(dataset, shown, "unreadable", "no permission to read it", attrs.size());
          } else {
            candidates.add(new Candidate(dataset, shown, child.toUri().toString(), key, attrs.size(),
                attrs.lastModifiedTime().toMillis()));
          }
        } else {
          refuse(dataset, shown, "not_a_regular_file", "a device, pipe or socket; not read", 0);
        }
      }
    }

    private void refuseLink(java.nio.file.Path root, java.nio.file.Path dir, java.nio.file.Path link, String dataset,
        String shown) throws IOException {
      java.nio.file.Path real;
      try {
        real = link.toRealPath();
      } catch (NoSuchFileException e) {
        refuse(dataset, shown, "dangling_link", "a link to " + Files.readSymbolicLink(link) + ", which does not exist", 0);
        return;
      } catch (FileSystemException e) {
        refuse(dataset, shown, "link_loop", "a link that never resolves (" + e.getReason() + ")", 0);
        return;
      }
      if (!real.startsWith(root)) {
        refuse(dataset, shown, "link_leaves_inbox", "a link to " + real + ", outside the inbox; not read", 0);
      } else if (Files.isDirectory(real) && dir.startsWith(real)) {
        refuse(dataset, shown, "link_loop", "a link to the folder it is in (" + where(root, real) + ")", 0);
      } else {
        refuse(dataset, shown, "duplicate_path", "a link to " + where(root, real) + ", which is read where it is", 0);
      }
    }

    private static String where(java.nio.file.Path root, java.nio.file.Path real) {
      String r = root.relativize(real).toString();
      return r.isEmpty() ? "the inbox" : r;
    }

    void walkHadoop(FileSystem fs, Path root) throws IOException {
      inbox = root.toString();
      walkHadoop(fs, root, "", null);
    }

    private void walkHadoop(FileSystem fs, Path dir, String seen, String dataset) throws IOException {
      FileStatus[] children = fs.listStatus(dir);
      java.util.Arrays.sort(children);
      for (FileStatus child : children) {
        String name = child.getPath().getName();
        String shown = seen.isEmpty() ? name : seen + "/" + name;
        if (child.isSymlink()) {
          refuse(dataset, shown, "link_not_followed", "links are not followed on " + dir.toUri().getScheme() + "://", 0);
        } else if (child.isDirectory()) {
          walkHadoop(fs, child.getPath(), shown, dataset != null ? dataset : known.contains(name) ? name : "");
        } else {
          candidates.add(new Candidate(dataset, shown, child.getPath().toUri().toString(), child.getPath().toString(),
              child.getLen(), child.getModificationTime()));
        }
      }
    }

    private void refuse(String dataset, String file, String reason, String detail, long bytes) {
      refused.add(new Refused(dataset == null ? "" : dataset, file, reason, detail, bytes));
    }

    /**
     * Each file's first path in walk order is kept and every other (hard link) is refused as a
     * duplicate. Files outside dataset folders and names not ending in .csv are refused.
     */
    Delivery delivery() {
      Map<Object, String> firstPath = new HashMap<>();
      Map<String, List<Candidate>> kept = new TreeMap<>();
      for (Candidate c : candidates) {
        String first = firstPath.putIfAbsent(c.key(), c.seen());
        if (first != null) {
          refuse(c.dataset(), c.seen(), "duplicate_path", "the same file as " + first + ", read once", c.bytes());
        } else if (c.dataset() == null) {
          refuse(null, c.seen(), "at_inbox_root", "files belong in a dataset folder (" + String.join(", ", known) + ")", c.bytes());
        } else if (c.dataset().isEmpty()) {
          refuse(null, c.seen(), "unknown_dataset_folder", "'" + c.seen().split("/")[0] + "' is not a dataset of the contract",
              c.bytes());
        } else if (!c.seen().toLowerCase(Locale.ROOT).endsWith(".csv")) {
          refuse(c.dataset(), c.seen(), "not_csv", "only *.csv files are read", c.bytes());
        } else {
          kept.computeIfAbsent(c.dataset(), d -> new ArrayList<>()).add(c);
        }
      }
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      Map<String, List<String>> files = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      Map<String, String> names = new HashMap<>();
      Map<String, Long> sizes = new HashMap<>();
      for (String dataset : known) {
        List<Candidate> cs = kept.get(dataset);
        if (cs == null) continue;
        cs.sort(Comparator.comparing(Candidate::seen));
        cs = withoutCopies(dataset, cs);
        List<String> uris = new ArrayList<>();
        for (Candidate c : cs) {
          uris.add(c.uri());
          names.put(c.uri(), c.seen());
          sizes.put(c.seen(), c.bytes());
          bytes.merge(dataset, c.bytes(), Long::sum);
          digest.update((inbox + "/" + c.seen() + "|" + c.bytes() + "|" + c.modified() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        files.put(dataset, uris);
      }
      // Refused files count too: replacing a refused file by a good one makes a new delivery.
      List<Refused> all = new ArrayList<>(refused);
      all.sort(Comparator.comparing(Refused::file));
      for (Refused r : all) {
        digest.update(("refused|" + r.file() + "|" + r.bytes() + "|" + r.reason() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      String id = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      return new Delivery(inbox, id, files, bytes, names, sizes, all);
    }

    /**
     * The files of a dataset (in name order) less the copies: a file with the same bytes as an
     * earlier one, and a data row at least (two headers alike are no copy), is refused as
     * {@code duplicate_file}. Only files of equal size are read to compare them.
     */
    private List<Candidate> withoutCopies(String dataset, List<Candidate> files) {
      Map<Long, Integer> sameSize = new HashMap<>();
      for (Candidate c : files) sameSize.merge(c.bytes(), 1, Integer::sum);
      if (sameSize.values().stream().allMatch(n -> n == 1)) return files;
      Map<String, String> firstWithContent = new HashMap<>();
      List<Candidate> out = new ArrayList<>();
      for (Candidate c : files) {
        if (sameSize.get(c.bytes()) > 1) {
          try (java.io.InputStream in = open(c.uri(), hadoop)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long lines = lines(in, sha);
            String content = c.bytes() + ":" + HexFormat.of().formatHex(sha.digest());
            String first = lines > 1 ? firstWithContent.putIfAbsent(content, c.seen()) : null;
            if (first != null) {
              refused.add(new Refused(dataset, c.seen(), "duplicate_file", "the same bytes as " + first
                  + ": a copy, whose " + (lines - 1) + " rows would only repeat that file's", c.bytes(), lines - 1));
              continue;
            }
          } catch (IOException | NoSuchAlgorithmException e) {
            // Unreadable here: parsing it says why, for this file alone.
          }
        }
        out.add(c);
      }
      return out;
    }
  }
}
