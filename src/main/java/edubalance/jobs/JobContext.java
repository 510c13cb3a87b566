package edubalance.jobs;

import edubalance.conf.Settings;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.SparkSessions;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What every job that touches the lakehouse needs: its settings, a SparkSession and the
 * lakehouse, from the common options {@code --lakehouse}, {@code --conf} and {@code --master}.
 */
public final class JobContext implements AutoCloseable {
  public static final Set<String> COMMON_OPTIONS = Set.of("lakehouse", "conf", "master");

  public final Settings settings;
  public final SparkSession spark;
  public final Lakehouse lakehouse;

  /** Whether this context started the session (and so stops it); an embedding caller keeps its own. */
  private final boolean ownsSession;

  public JobContext(Settings settings, SparkSession spark, Lakehouse lakehouse, boolean ownsSession) {
    this.settings = settings;
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.ownsSession = ownsSession;
  }

  /** The packaged conf defaults (with the repository's conf/ when {@code edubalance.home} is set), then {@code --conf}. */
  public static Settings settings(Args args) {
    return Settings.load(args.get("conf") == null ? null : Paths.get(args.get("conf")));
  }

  public static JobContext open(String job, Args args) {
    Settings settings = settings(args);
    boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create("edu-balance " + job, args.get("master"),
        Integer.parseInt(settings.get("spark.embedded.shuffle.partitions", "8")));
    String root = args.get("lakehouse", settings.get("lakehouse"));
    return new JobContext(settings, spark, new Lakehouse(spark, root), !existing);
  }

  @Override
  public void close() {
    if (ownsSession) spark.stop();
  }
}
