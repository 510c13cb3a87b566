package edubalance.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import edubalance.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The inbox listing: what is read, what is refused and why; nothing outside the inbox is touched. */
@Tag("fast") // no Spark: jobs/test --fast
class DeliveryTest {
  static final String HEADER = "school_year,school_id,school_name,county_code,school_type,urban_rural_code\n";

  static Path write(Path p, String body) throws Exception {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, body, StandardCharsets.UTF_8);
  }

  static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor());
  }

  private static Map<String, String> reasons(Delivery d) {
    Map<String, String> out = new TreeMap<>();
    for (Delivery.Refused r : d.refused()) out.put(r.file(), r.reason());
    return out;
  }

  @Test
  void everyFileIsListedOrRefusedWithItsReason() throws Exception {
    Path outside = TestSpark.tempDir("outside");
    Path secret = write(outside.resolve("secret.csv"), HEADER + "2024,1400000009,外,140105,primary,111\n");
    // A pipe outside the inbox: opening it for reading would block, so the listing must not.
    mkfifo(outside.resolve("pipe.csv"));
    Path inbox = TestSpark.tempDir("inbox");
    write(inbox.resolve("schools/good.csv"), HEADER + "2024,1400000001,一小,140105,primary,111\n");
    write(inbox.resolve("schools/2024/a:b.csv"), HEADER);                        // a ':' in the name is fine
    write(inbox.resolve("schools/2024/太原 市.csv"), HEADER);                    // so are Chinese and spaces
    write(inbox.resolve("schools/readme.txt"), "notes");
    write(inbox.resolve("root.csv"), HEADER);
    write(inbox.resolve("notes/n.csv"), HEADER);
    Files.createLink(inbox.resolve("schools/hard.csv"), inbox.resolve("schools/good.csv"));
    Files.createSymbolicLink(inbox.resolve("schools/passwd.csv"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(inbox.resolve("schools/secret.csv"), secret);
    Files.createSymbolicLink(inbox.resolve("schools/pipe.csv"), outside.resolve("pipe.csv"));
    Files.createSymbolicLink(inbox.resolve("schools/inside.csv"), Path.of("good.csv"));
    Files.createSymbolicLink(inbox.resolve("schools/dangling.csv"), Path.of("gone.csv"));
    Files.createSymbolicLink(inbox.resolve("schools/2024/up"), Path.of(".."));
    Files.createSymbolicLink(inbox.resolve("schools/self.csv"), Path.of("self.csv"));
    mkfifo(inbox.resolve("schools/fifo.csv"));

    Delivery d = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Delivery.list(inbox.toString(), new Configuration()));

    assertEquals(List.of("schools"), List.copyOf(d.filesByDataset().keySet()));
    assertEquals(List.of("schools/2024/a:b.csv", "schools/2024/太原 市.csv", "schools/good.csv"),
        d.filesByDataset().get("schools").stream().map(d::relative).toList());
    for (String f : d.filesByDataset().get("schools")) {
      try (var in = Delivery.open(f, new Configuration())) {
        assertEquals(HEADER, new String(in.readNBytes(HEADER.length()), StandardCharsets.UTF_8), f);
      }
    }
    Map<String, String> expected = new TreeMap<>(Map.of(
        "notes/n.csv", "unknown_dataset_folder",
        "root.csv", "at_inbox_root",
        "schools/readme.txt", "not_csv",
        "schools/hard.csv", "duplicate_path",
        "schools/passwd.csv", "link_leaves_inbox",
        "schools/secret.csv", "link_leaves_inbox",
        "schools/pipe.csv", "link_leaves_inbox",
        "schools/inside.csv", "duplicate_path",
        "schools/dangling.csv", "dangling_link",
        "schools/2024/up", "link_loop"));
    expected.put("schools/self.csv", "link_loop");
    expected.put("schools/fifo.csv", "not_a_regular_file");
    assertEquals(expected, reasons(d));
    // Sizes: the bytes of refused regular files are counted, links and pipes are 0 (nothing read).
    Map<String, Long> bytes = new TreeMap<>();
    for (Delivery.Refused r : d.refused()) bytes.put(r.file(), r.bytes());
    assertEquals(HEADER.length(), bytes.get("root.csv"));
    assertEquals(5L, bytes.get("schools/readme.txt"));
    assertEquals(0L, bytes.get("schools/passwd.csv"));
    assertEquals("schools", d.refused().stream().filter(r -> r.file().equals("schools/passwd.csv")).findFirst()
        .orElseThrow().dataset());
    assertEquals(List.of("notes/n.csv", "root.csv"), d.refusedIn("").stream().map(Delivery.Refused::file).toList());
  }

  @Test
  void replacingARefusedFileMakesANewDelivery() throws Exception {
    Path inbox = TestSpark.tempDir("inbox");
    write(inbox.resolve("schools/good.csv"), HEADER);
    write(inbox.resolve("schools/bad.txt"), "x");
    String before = Delivery.list(inbox.toString(), new Configuration()).id();
    assertEquals(before, Delivery.list(inbox.toString(), new Configuration()).id());
    Files.move(inbox.resolve("schools/bad.txt"), inbox.resolve("schools/bad.csv"));
    assertNotEquals(before, Delivery.list(inbox.toString(), new Configuration()).id());
  }
}
