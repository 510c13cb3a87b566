package edubalance.serve;

import edubalance.conf.Args;
import edubalance.report.ReportFiles;
import edubalance.report.ReportRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.Result;

/**
 * The thin {@code jobs/report}: asks the lakehouse's {@code jobs/serve} to render the report
 * ({@link ServedReports}) and writes the pages it answers, and their PDFs with {@code --pdf}, as the
 * embedded job would (same {@link ReportFiles}); a small JVM with Arrow Flight and none of Spark.
 * Exit {@value ServerCall#NO_SERVER} when no server answers, or when {@code --conf} or
 * {@code --master} ask for the engine itself: jobs/_run then runs the embedded job.
 */
public final class ReportClient {
  private ReportClient() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    ReportRequest request;
    Args args;
    try {
      List<String> valued = new ArrayList<>(ReportRequest.OPTIONS);
      valued.addAll(List.of("out", "lakehouse", "conf", "master"));
      args = Args.parse(argv, Set.copyOf(valued), Set.of("pdf"));
      request = ReportRequest.parse(args, "");
      if (!args.positional().isEmpty() || !args.has("out")) return ServerCall.NO_SERVER;
    } catch (Args.UsageException | IllegalArgumentException e) {
      return ServerCall.NO_SERVER; // the embedded job reports it, in its own words
    }
    // --conf may change the standards a report quotes; the server reads its own.
    if (args.has("conf") || args.has("master")) return ServerCall.NO_SERVER;
    Path out = Path.of(args.get("out"));
    return ServerCall.run("report", SqlCommand.lakehouse(args), (client, options) -> {
      List<ReportFiles.Page> pages = new ArrayList<>();
      Iterator<Result> results = client.doAction(new Action(ServedReports.ACTION, ServedReports.request(request)), options);
      while (results.hasNext()) pages.add(ServedReports.decode(results.next().getBody()));
      for (Path f : ReportFiles.write(pages, out, args.has("pdf"))) System.out.println(f);
      return 0;
    });
  }
}
