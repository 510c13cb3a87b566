package edubalance.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A delivery: a directory with one sub-directory per dataset, every {@code *.csv} below it (at any
 * depth) belonging to that dataset. Its id is a digest of the file names, sizes and modification
 * times, so ingesting the same directory again is recognised.
 */
public record Delivery(String inbox, String id, Map<String, List<String>> filesByDataset,
    Map<String, Long> bytesByDataset, List<String> unknownDirectories) {

  public static Delivery list(String inbox, Configuration hadoop) {
    try {
      Path root = new Path(inbox);
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("inbox is not a directory: " + inbox);
      }
      Path qualified = fs.makeQualified(root);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Map<String, List<String>> files = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      List<String> unknown = new ArrayList<>();
      List<String> known = Datasets.ALL.stream().map(DatasetSpec::name).toList();
      FileStatus[] dirs = fs.listStatus(qualified);
      java.util.Arrays.sort(dirs);
      for (FileStatus dir : dirs) {
        if (!dir.isDirectory()) continue;
        String name = dir.getPath().getName();
        if (!known.contains(name)) {
          unknown.add(name);
          continue;
        }
        List<String> csvs = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir.getPath(), true);
        List<LocatedFileStatus> found = new ArrayList<>();
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (f.isFile() && f.getPath().getName().toLowerCase().endsWith(".csv")) found.add(f);
        }
        found.sort(null);
        for (LocatedFileStatus f : found) {
          csvs.add(f.getPath().toString());
          bytes.merge(name, f.getLen(), Long::sum);
          digest.update((f.getPath() + "|" + f.getLen() + "|" + f.getModificationTime() + "\n")
              .getBytes(StandardCharsets.UTF_8));
        }
        if (!csvs.isEmpty()) files.put(name, csvs);
      }
      String id = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      return new Delivery(qualified.toString(), id, files, bytes, unknown);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list inbox " + inbox + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file's path relative to the inbox, as recorded in bronze and quarantine. */
  public String relative(String file) {
    return file.startsWith(inbox + "/") ? file.substring(inbox.length() + 1) : file;
  }
}
