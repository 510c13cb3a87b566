package edubalance.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** jobs/status's health checks on tables and runs made up by hand (no lakehouse). */
@Tag("fast") // no Spark: jobs/test --fast
class StatusChecksTest {
  static StatusJob.Table table(String name, Long runId, long files) {
    return new StatusJob.Table(name, 3, files, 1000, 10L, 1_700_000_000_000L, runId);
  }

  @Test
  void theServersQueryHistoryIsNoUnfinishedRunButAJobsTableIs() {
    List<StatusJob.Run> runs = List.of(new StatusJob.Run(1, "ingest", 0, 1, 1.0, 10L, 10L, "ok"),
        new StatusJob.Run(2, "metrics", 0, 1, 1.0, 10L, 10L, "failed: out of memory"));
    List<String> problems = StatusJob.checks(List.of(table("ops.query_log", null, 2), table("silver.schools", 1L, 2),
        table("gold.trends", 2L, 2), table("silver.teachers", null, 2), table("gold.teacher_flow", 1L, 12)), runs, 10);
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("gold.trends: last written by run 2 (metrics), which failed: out of memory; run it again", problems.get(0));
    assertEquals(true, problems.get(1).startsWith("silver.teachers: last written at "), problems.get(1));
    assertEquals("gold.teacher_flow: 12 files, more than status.max_files = 10; run jobs/maintain", problems.get(2));
  }
}
