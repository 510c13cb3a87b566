package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.export.ParquetSnapshot;
import edubalance.report.GoldReader;
import edubalance.report.Report;
import edubalance.report.ReportPages;
import edubalance.report.ReportRequest;
import edubalance.report.ReportWorkbook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jobs/export}: the lakehouse in forms read without this project (导出).
 * <ul>
 *   <li>{@code --county CODE --year YYYY --xlsx FILE} / {@code --month YYYY-MM [--province CODE] --xlsx FILE}:
 *       a report's tables as an Excel workbook ({@link ReportWorkbook});</li>
 *   <li>{@code --parquet DIR [--silver]}: gold (and silver) of one lakehouse version as plain Parquet
 *       with a manifest ({@link ParquetSnapshot}).</li>
 * </ul>
 * Both read one lakehouse version: the latest, or {@code --as-of RUN|TIMESTAMP}.
 */
public final class ExportJob {
  private ExportJob() {}

  static final String USAGE = "usage: jobs/export --county CODE --year YYYY --xlsx FILE | --month YYYY-MM [--province CODE] "
      + "--xlsx FILE | --parquet DIR [--silver], then [--as-of RUN|TIMESTAMP] [--lakehouse DIR] [--conf FILE] [--master URL]";

  public static int run(String[] argv) {
    Set<String> valued = new HashSet<>(JobContext.COMMON_OPTIONS);
    valued.addAll(List.of("month", "province", "county", "year", "xlsx", "parquet", "as-of"));
    Args args = Args.parse(argv, valued, Set.of("silver"));
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument " + args.positional().get(0) + "; " + USAGE);
    }
    if (args.has("xlsx") == args.has("parquet")) throw new Args.UsageException("give either --xlsx FILE or --parquet DIR; " + USAGE);
    if (args.has("parquet")) {
      for (String o : List.of("county", "year", "month", "province")) {
        if (args.has(o)) throw new Args.UsageException("--" + o + " goes with --xlsx; " + USAGE);
      }
      List<String> layers = new ArrayList<>(List.of("gold"));
      if (args.has("silver")) layers.add("silver");
      try (JobContext ctx = JobContext.open("export", args)) {
        System.out.println(ParquetSnapshot.write(ctx.lakehouse, Path.of(args.get("parquet")), layers, args.get("as-of")));
      }
      return 0;
    }
    if (args.has("silver")) throw new Args.UsageException("--silver goes with --parquet; " + USAGE);
    ReportRequest which = ReportRequest.parse(args, USAGE);
    Path file = Path.of(args.get("xlsx"));
    if (!file.getFileName().toString().endsWith(".xlsx")) throw new Args.UsageException("--xlsx names a .xlsx file, not " + file);
    try (JobContext ctx = JobContext.open("export", args)) {
      GoldReader gold = new GoldReader(ctx.lakehouse, which.asOf(), ctx.settings);
      writeWorkbook(ReportPages.build(gold, which), file);
      System.out.println(file);
    }
    return 0;
  }

  /** Writes the workbook beside {@code file} and moves it into place: a reader never opens half a workbook. */
  static void writeWorkbook(Report report, Path file) {
    Path abs = file.toAbsolutePath();
    Path partial = abs.resolveSibling("." + abs.getFileName() + ".writing");
    try {
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
      try (OutputStream out = Files.newOutputStream(partial)) {
        ReportWorkbook.write(report, out);
      }
      Files.move(partial, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // Nothing more to do: the message above names the file.
      }
    }
  }
}
