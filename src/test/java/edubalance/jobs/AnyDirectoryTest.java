package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edubalance.ChildJvm;
import edubalance.TestSpark;
import edubalance.lakehouse.Lakehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jar runs from any directory, as under spark-submit on a cluster: its conf defaults come from
 * the classpath, not from a conf/ beside the working directory, and no {@code edubalance.home} is set.
 */
class AnyDirectoryTest {
  @Test
  void sqlRunsFromADirectoryWithNoConf() throws Exception {
    Lakehouse lh = TestSpark.freshLakehouse();
    lh.overwrite("gold.example", TestSpark.spark().sql("SELECT '140105' AS county_code, 0.25 AS cv"));
    Path elsewhere = Files.createTempDirectory("edu-balance-elsewhere");
    Path out = elsewhere.resolve("out.txt");
    Process p = new ProcessBuilder(ChildJvm.command("sql", "--lakehouse", lh.root(),
        "SELECT county_code, cv * 2 AS doubled FROM gold.example"))
        .directory(elsewhere.toFile()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertEquals(0, p.waitFor());
    // 0.25 × 2 = 0.50: the statement ran against the lakehouse named on the command line.
    assertEquals("county_code,doubled\n140105,0.50\n", Files.readString(out, StandardCharsets.UTF_8));
    // And left nothing behind where it ran (Spark's default spark-warehouse/ directory, for one).
    try (var left = Files.list(elsewhere)) {
      assertEquals(List.of(out), left.toList());
    }
  }
}
