package edubalance.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import edubalance.conf.Settings;
import edubalance.lakehouse.CrashPoint;
import edubalance.lakehouse.Joins;
import edubalance.lakehouse.Lakehouse;
import edubalance.lakehouse.LakehouseFiles;
import edubalance.text.Progress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests a delivery: for each dataset, its CSV files into {@code bronze} (raw strings and where
 * each row came from), then every row either into {@code silver} (typed, merged by key) or into
 * {@code quarantine} (with its reasons), and a line per dataset in {@code ops.ingest_log}. What a
 * dataset's rows must satisfy and what silver derives from them is its {@link DatasetSpec}'s.
 *
 * <p>Each step is one Delta commit that can be repeated: bronze and quarantine replace this
 * delivery's rows; silver gets the accepted rows appended in the pass that checks them when the
 * delivery's years are new to it and no key repeats (the usual delivery), else merged by key; a
 * dataset already logged for this delivery is skipped. A run that dies half-way therefore leaves committed tables, and the next run of the
 * same delivery completes it without doubling anything.
 */
public final class Ingestor {
  private final Lakehouse lakehouse;
  private final Settings settings;
  /** Files refused while parsing, by this ingestor (for the summary line). */
  private int refusedWhileParsing;
  /** The years (school, fiscal or calendar, by dataset) of the rows this ingestor read. */
  private final java.util.SortedSet<Integer> yearsRead = new java.util.TreeSet<>();
  private final java.util.SortedSet<String> changedTables = new java.util.TreeSet<>();

  public Ingestor(Lakehouse lakehouse, Settings settings) {
    this.lakehouse = lakehouse;
    this.settings = settings;
  }

  /** What happened to one dataset of a delivery. */
  public record Counts(String dataset, long read, long accepted, long quarantined, long duplicatesCollapsed,
      boolean skipped) {}

  public List<Counts> ingest(String inbox) {
    Delivery delivery = Delivery.list(inbox, lakehouse.spark().sparkContext().hadoopConfiguration());
    announce(delivery, inbox);
    Map<String, Counts> logged = alreadyIngested(lakehouse.files(), delivery.id());
    List<Counts> all = new ArrayList<>();
    // Files refused outside any dataset folder are logged once, under dataset ''.
    if (!delivery.refusedIn("").isEmpty() && !logged.containsKey("")) {
      log(delivery, "", 0, new Counts("", 0, 0, 0, 0, false), List.of(), delivery.refusedIn(""), new Timestamp(System.currentTimeMillis()));
    }
    int refused = delivery.refused().size();
    for (DatasetSpec spec : Datasets.ALL) {
      List<String> files = delivery.filesByDataset().get(spec.name());
      if (!delivers(delivery, spec)) continue;
      Counts done = logged.get(spec.name());
      if (done != null) {
        reportUnchanged(delivery, done);
        all.add(done);
      } else if (files == null) {
        Counts none = new Counts(spec.name(), 0, 0, 0, 0, false);
        log(delivery, spec.name(), 0, none, List.of(), delivery.refusedIn(spec.name()), new Timestamp(System.currentTimeMillis()));
        all.add(none);
      } else {
        int before = refusedWhileParsing;
        all.add(ingestDataset(delivery, spec, files));
        refused += refusedWhileParsing - before;
      }
    }
    if (refused > 0) {
      System.err.println("ingest: " + refused + " file(s) refused, each named above; recorded in ops.ingest_log.refused_files");
    }
    return all;
  }

  /** The silver tables {@link #ingest} wrote accepted rows to: what jobs/metrics must follow. */
  public java.util.SortedSet<String> changedTables() {
    return java.util.Collections.unmodifiableSortedSet(changedTables);
  }

  /** The years of the rows read by {@link #ingest} (none when the delivery was already in): what jobs/metrics must redo. */
  public java.util.SortedSet<Integer> yearsRead() {
    return java.util.Collections.unmodifiableSortedSet(yearsRead);
  }

  /**
   * A delivery {@code ops.ingest_log} already records in full (every dataset folder, and the files
   * refused outside them): its counts as logged, found without Spark, so a job that has nothing to
   * write need not start it. Null when something is left to ingest, or when the lakehouse cannot be
   * read this way (then {@link #ingest} decides, with Spark).
   */
  public static List<Counts> unchanged(LakehouseFiles lakehouse, String inbox, org.apache.hadoop.conf.Configuration hadoop) {
    Delivery delivery;
    Map<String, Counts> logged;
    try {
      delivery = Delivery.list(inbox, hadoop);
      if (delivery.filesByDataset().isEmpty()) return null;
      logged = alreadyIngested(lakehouse, delivery.id());
    } catch (RuntimeException e) {
      return null;
    }
    if (!delivery.refusedIn("").isEmpty() && !logged.containsKey("")) return null;
    List<Counts> all = new ArrayList<>();
    for (DatasetSpec spec : Datasets.ALL) {
      if (!delivers(delivery, spec)) continue;
      if (!logged.containsKey(spec.name())) return null;
      all.add(logged.get(spec.name()));
    }
    // An ingest killed after its last dataset, before ops.runs recorded it: the run is still to record.
    if (!runRecordedAfter(lakehouse, delivery.id())) return null;
    announce(delivery, inbox);
    for (Counts c : all) reportUnchanged(delivery, c);
    return all;
  }

  /** Whether the delivery has files of the dataset, ingested or refused: then ops.ingest_log gets a line for it. */
  private static boolean delivers(Delivery delivery, DatasetSpec spec) {
    return delivery.filesByDataset().get(spec.name()) != null || !delivery.refusedIn(spec.name()).isEmpty();
  }

  private static void reportUnchanged(Delivery delivery, Counts logged) {
    System.err.println("ingest: " + logged.dataset() + " of delivery " + delivery.id() + " already ingested; unchanged");
  }

  /** Names the delivery and the files refused while listing it (the first 50); a delivery of no dataset is an error. */
  private static void announce(Delivery delivery, String inbox) {
    List<Delivery.Refused> listed = delivery.refused();
    for (Delivery.Refused r : listed.subList(0, Math.min(listed.size(), 50))) System.err.println("ingest: " + r.line());
    if (listed.size() > 50) System.err.println("ingest: ... and " + (listed.size() - 50) + " more refused");
    if (delivery.filesByDataset().isEmpty()) {
      throw new IllegalArgumentException("no dataset directories with *.csv files in " + inbox
          + " (expected some of " + Datasets.ALL.stream().map(DatasetSpec::name).toList() + ")");
    }
    System.err.println("ingest: delivery " + delivery.id() + " from " + delivery.inbox());
  }

  Counts ingestDataset(Delivery delivery, DatasetSpec spec, List<String> files) {
    Timestamp started = new Timestamp(System.currentTimeMillis());
    String deliveryPredicate = deliveryPredicate(delivery);
    String bronzeTable = "bronze." + spec.name();
    Progress.Phase phase = Progress.start("ingest: " + spec.name() + ": bronze", Progress::rowsWritten);
    lakehouse.replaceWhere(bronzeTable, parse(lakehouse, settings, delivery, spec, files, started), deliveryPredicate);
    phase.end(lakehouse.lastCommitMetric(bronzeTable, "numOutputRows"));
    long bronzeDone = System.currentTimeMillis();
    phase = Progress.start("ingest: " + spec.name() + ": survey", null);
    Dataset<Row> bronze = lakehouse.read(bronzeTable).where(deliveryPredicate);
    Survey survey = survey(bronze, spec);
    List<Delivery.Refused> refused = new ArrayList<>(delivery.refusedIn(spec.name()));
    int refusedWhileParsingThis = survey.refused().size();
    if (!survey.refused().isEmpty()) {
      // A file that failed half-way is refused whole: none of its rows stay in bronze. When every
      // file of the dataset is, nothing is left to check: the log records them and the ingest goes on.
      lakehouse.delete(bronzeTable, col("_delivery_id").equalTo(delivery.id())
          .and(col("_source_file").isin(survey.refused().keySet().toArray())));
      bronze = lakehouse.read(bronzeTable).where(deliveryPredicate);
      org.apache.hadoop.conf.Configuration hadoop = lakehouse.spark().sparkContext().hadoopConfiguration();
      survey.refused().forEach((file, why) -> {
        String[] reason = why.split(": ", 2);
        Delivery.Refused r = new Delivery.Refused(spec.name(), file, reason[0], reason.length > 1 ? reason[1] : "",
            delivery.bytes(file), Delivery.rowsIn(delivery.uri(file), hadoop));
        System.err.println("ingest: " + r.line());
        refused.add(r);
      });
      refusedWhileParsing += survey.refused().size();
      survey = survey(bronze, spec);
    }
    reportFiles(bronze, survey);
    phase.end(survey.rows());
    for (Integer y : survey.years()) if (y != null) yearsRead.add(y);
    CrashPoint.reach("ingest:" + spec.name() + ":survey");
    long surveyDone = System.currentTimeMillis();

    // Usually no key repeats and the delivery's years are new to silver: then one pass checks the
    // rows and writes the accepted ones, and the quarantine is written apart only when rows failed.
    // Otherwise the checked rows are kept for the duplicate rule and the merge by key.
    String silverTable = "silver." + spec.name();
    boolean plain = !survey.keysRepeat() && !lakehouse.hasRowsOfYears(silverTable, spec.yearColumn(), survey.years());
    phase = Progress.start("ingest: " + spec.name() + ": checks, silver and quarantine", Progress::rowsWritten);
    Checked c = plain ? checkAndAppend(delivery, spec, bronze, survey) : checkAndMerge(delivery, spec, bronze);
    phase.end(c.read());

    Counts counts = new Counts(spec.name(), c.read(), c.read() - c.quarantined(), c.quarantined(), c.collapsed(), false);
    if (counts.accepted() > 0) changedTables.add(silverTable);
    log(delivery, spec.name(), files.size() - refusedWhileParsingThis, counts, survey.extra(), refused, started);
    Progress.info(String.format("ingest: %s: %d read, %d accepted, %d quarantined in %.1f s"
        + " (bronze %.1f s, survey %.1f s, %s %.1f s)", spec.name(), c.read(),
        c.read() - c.quarantined(), c.quarantined(), (System.currentTimeMillis() - started.getTime()) / 1000.0,
        (bronzeDone - started.getTime()) / 1000.0, (surveyDone - bronzeDone) / 1000.0,
        plain ? "checks, silver and quarantine" : "checks, quarantine and silver merge",
        (System.currentTimeMillis() - surveyDone) / 1000.0));
    return counts;
  }

  /** Rows read, quarantined and collapsed as duplicates, once silver and quarantine are written. */
  private record Checked(long read, long quarantined, long collapsed) {}

  /**
   * The usual delivery (no key repeated, years silver does not hold yet): the checks run once, in
   * the job that writes the accepted rows to silver; how many were accepted is the write's own
   * count, so a row quarantined is one read and not written. Only when some were, the checks run
   * again to write them to quarantine with their raw values.
   */
  private Checked checkAndAppend(Delivery delivery, DatasetSpec spec, Dataset<Row> bronze, Survey survey) {
    String silverTable = "silver." + spec.name();
    // The observation is a barrier the optimizer does not push filters through: without it the
    // filters on reasons (accepted, rejected) are pushed below the projection that computes them,
    // and every check runs twice (once inside the filter), in generated code too large to compile.
    Dataset<Row> checked = withReferenceRules(RowRules.apply(bronze, spec, settings), spec)
        .withColumn("_collapsed", lit(false))
        .observe("checks of " + spec.name(), count(lit(1)).as("rows"));
    lakehouse.append(silverTable, silverRows(checked, spec), partitionsOf(spec));
    long accepted = lakehouse.lastCommitMetric(silverTable, "numOutputRows");
    if (accepted < 0) accepted = lakehouse.read(silverTable).where(col("_delivery_id").equalTo(delivery.id())).count();
    long quarantined = survey.rows() - accepted;
    lakehouse.replaceWhere("quarantine." + spec.name(), quarantineRows(checked, bronze, quarantined, spec),
        deliveryPredicate(delivery));
    return new Checked(survey.rows(), quarantined, 0);
  }

  /**
   * A delivery that repeats a key or corrects years silver holds: the checked rows are kept (their
   * typed values only) for the duplicate rule, the counts, the quarantine and the merge by key.
   */
  private Checked checkAndMerge(Delivery delivery, DatasetSpec spec, Dataset<Row> bronze) {
    // Only the typed values are kept (building the cache costs about as much as the checks):
    // quarantine rows take their raw values from bronze.
    Dataset<Row> rowChecked = typedOnly(withReferenceRules(RowRules.apply(bronze, spec, settings), spec))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = withDuplicateRule(rowChecked, spec);
    try {
      // One pass for the counts and for the years the accepted rows touch (to prune the merge).
      Column accepted = size(col("reasons")).equalTo(0);
      Row c = checked.agg(count(lit(1)), sum(when(accepted, 0).otherwise(1)),
          sum(when(col("_collapsed"), 1).otherwise(0)),
          functions.sort_array(functions.collect_set(when(accepted, yearOf(spec))))).first();
      long read = c.getLong(0);
      long quarantined = c.isNullAt(1) ? 0 : c.getLong(1);
      long collapsed = c.isNullAt(2) ? 0 : c.getLong(2);
      List<Integer> years = c.getList(3);

      lakehouse.replaceWhere("quarantine." + spec.name(), quarantineRows(checked, bronze, quarantined, spec),
          deliveryPredicate(delivery));
      List<String> compared = new ArrayList<>(spec.nonKeyColumns());
      compared.addAll(spec.derivedColumns());
      String prune = spec.yearColumn() == null ? null : years.isEmpty() ? "false"
          : "t." + spec.yearColumn() + " IN (" + years.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
      lakehouse.upsert("silver." + spec.name(), silverRows(checked, spec), spec.key(), compared, prune, partitionsOf(spec));
      return new Checked(read, quarantined, collapsed);
    } finally {
      rowChecked.unpersist();
    }
  }

  /** The rows of this delivery in a bronze or quarantine table. */
  private static String deliveryPredicate(Delivery delivery) {
    return "_delivery_id = '" + delivery.id() + "'";
  }

  /** The silver table's partition columns: its year column, if it has one. */
  private static String[] partitionsOf(DatasetSpec spec) {
    return spec.yearColumn() == null ? new String[0] : new String[] {spec.yearColumn()};
  }

  /** The silver year of a checked row (null for a dataset without years, or a row without one). */
  private Column yearOf(DatasetSpec spec) {
    return spec.yearColumn() == null ? lit(null).cast("int")
        : spec.silverValue(spec.yearColumn(), new DatasetSpec.RowValues(spec, settings));
  }

  /**
   * Bronze rows of the delivery's files of one dataset, parsed in parallel: about
   * {@code ingest.parse.mb_per_task} MB to a task but at least one task per core, so a dataset of
   * many small files (a county's funding per file) is neither hundreds of tasks nor hundreds of
   * tiny bronze files, and a large file is cut into parts ({@link FileParts}) so that one file keeps
   * every core busy.
   */
  private static Dataset<Row> parse(Lakehouse lakehouse, Settings settings, Delivery delivery, DatasetSpec spec, List<String> files, Timestamp ingestedAt) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(lakehouse.spark().sparkContext());
    HadoopConf hadoop = new HadoopConf(jsc.hadoopConfiguration());
    String encoding = settings.get("ingest.encoding." + spec.name(), settings.get("ingest.encoding.default", "auto"));
    if (!encoding.equalsIgnoreCase("auto")) {
      try {
        java.nio.charset.Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("conf ingest.encoding." + spec.name() + ": unknown encoding " + encoding);
      }
    }
    String id = delivery.id();
    List<String[]> named = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (String f : files) {
      String name = delivery.relative(f);
      named.add(new String[] {f, name});
      sizes.add(delivery.bytes(name));
    }
    long bytes = delivery.bytesByDataset().getOrDefault(spec.name(), 0L);
    long mbPerTask = settings.getInt("ingest.parse.mb_per_task");
    List<FileParts.Part> work = FileParts.plan(jsc, hadoop, named, sizes,
        FileParts.partBytes(bytes, jsc.defaultParallelism(), mbPerTask << 20));
    JavaRDD<Row> rows = jsc.parallelize(work, parseTasks(work.size(), bytes, jsc.defaultParallelism(), (int) mbPerTask))
        .flatMap(part -> {
          // A file that cannot be read ends in a refusal row, never a failed task.
          return CsvRows.read(spec, part, encoding, hadoop.get(), id, ingestedAt);
        });
    return lakehouse.spark().createDataFrame(rows, CsvRows.bronzeSchema(spec));
  }

  /** Tasks for parsing {@code files} files or parts of {@code bytes} in all: one per {@code mbPerTask} MB, at least {@code cores}, at most one per part. */
  static int parseTasks(int files, long bytes, int cores, int mbPerTask) {
    long bySize = (bytes + mbPerTask * 1048576L - 1) / (mbPerTask * 1048576L);
    return (int) Math.max(1, Math.min(files, Math.max(cores, bySize)));
  }

  /**
   * One look at the delivery's bronze rows of a dataset, before any row is checked: the rows read,
   * the years they name, whether any key is repeated (then the duplicate rule must run), the
   * columns outside the contract, the files whose header lacks required columns (file → columns),
   * and the files refused while parsing, found by the row {@link CsvRows#REFUSED_LINE} that
   * stands for each (file → {@code <reason>: <detail>}).
   */
  private record Survey(long rows, List<Integer> years, boolean keysRepeat, List<String> extra,
      Map<String, List<String>> missingColumns, Map<String, String> refused) {}

  /**
   * The {@link Survey}, in one job: only the key and year columns are typed; keys are compared by
   * their 64-bit hash (a collision only sends the delivery the way of the duplicate rule, which
   * compares the keys themselves).
   */
  private Survey survey(Dataset<Row> bronze, DatasetSpec spec) {
    Column refusal = col("_line").equalTo(CsvRows.REFUSED_LINE);
    List<Column> key = spec.key().stream().map(k -> col(RowRules.TYPED + k)).toList();
    Column keyed = key.stream().map(Column::isNotNull).reduce(Column::and).orElseThrow();
    Column[] metrics = {count(when(functions.not(refusal), lit(1))).as("rows"),
        functions.sort_array(functions.collect_set(col("_year"))).as("years"),
        functions.array_distinct(functions.flatten(functions.collect_set(functions.map_keys(col("_extra"))))).as("extra"),
        functions.collect_set(when(functions.size(col("_missing_columns")).gt(0),
            functions.struct(col("_source_file"), col("_missing_columns")))).as("missing"),
        functions.collect_set(when(refusal, functions.struct(col("_source_file"), col("_malformed")))).as("refused")};
    org.apache.spark.sql.Observation seen = new org.apache.spark.sql.Observation("survey of " + spec.name());
    Dataset<Row> rows = RowRules.apply(bronze, spec, settings)
        .select(xxhash64(key.toArray(Column[]::new)).as("_key"), keyed.as("_keyed"), yearOf(spec).as("_year"),
            col("_source_file"), col("_line"), col("_malformed"), col("_extra"), col("_missing_columns"));
    boolean repeat = !rows.observe(seen, metrics[0], java.util.Arrays.copyOfRange(metrics, 1, metrics.length))
        .where(col("_keyed")).groupBy("_key").agg(count(lit(1)).as("_n"))
        .where(col("_n").gt(1)).limit(1).collectAsList().isEmpty();
    Row m = seen.getRow();
    // Spark reports no observation when adaptive execution drops a stage it found empty (no row
    // has a key: every file refused, or headers only); then the same figures by an aggregation.
    if (m.size() == 0) m = rows.agg(metrics[0], java.util.Arrays.copyOfRange(metrics, 1, metrics.length)).first();
    Map<String, List<String>> missing = new java.util.TreeMap<>();
    for (Row r : m.<Row>getList(3)) missing.put(r.getString(0), r.getList(1));
    Map<String, String> refused = new java.util.TreeMap<>();
    for (Row r : m.<Row>getList(4)) refused.put(r.getString(0), r.getString(1));
    List<String> extra = new ArrayList<>(new java.util.TreeSet<>(m.<String>getList(2)));
    return new Survey(m.getLong(0), m.getList(1), repeat, extra, missing, refused);
  }

  /** Tells the user of files whose header lacks required columns, and of columns outside the contract. */
  private static void reportFiles(Dataset<Row> bronze, Survey survey) {
    if (!survey.missingColumns().isEmpty()) {
      Map<String, Long> rows = new java.util.HashMap<>();
      for (Row r : bronze.where(col("_source_file").isin(survey.missingColumns().keySet().toArray()))
          .groupBy("_source_file").count().collectAsList()) {
        rows.put(r.getString(0), r.getLong(1));
      }
      survey.missingColumns().forEach((file, columns) -> System.err.println("ingest: " + file
          + ": header lacks required column(s) " + String.join(", ", columns) + "; its "
          + rows.getOrDefault(file, 0L) + " rows are quarantined (missing_column)"));
    }
    if (!survey.extra().isEmpty()) System.err.println("ingest: columns not in the contract, kept in bronze: " + survey.extra());
  }

  /**
   * A row must name a row of each table its spec references (a school of the register for its
   * school year, else {@code orphan_school}). The join also brings the columns the spec declares
   * it takes from that table (the school's county, which decides the grade system of an
   * enrollment row), as {@code typed_<name>}.
   */
  private Dataset<Row> withReferenceRules(Dataset<Row> rows, DatasetSpec spec) {
    Dataset<Row> out = rows;
    DatasetSpec.RowValues row = new DatasetSpec.RowValues(spec, settings);
    for (DatasetSpec.Reference ref : spec.references()) {
      DatasetSpec target = ref.dataset();
      String table = "silver." + target.name();
      List<Column> registerColumns = new ArrayList<>();
      StructType registerSchema = new StructType();
      for (String k : ref.key()) {
        registerColumns.add(col(k).as("_ref_" + k));
        registerSchema = registerSchema.add("_ref_" + k, target.column(k).silverType());
      }
      for (Map.Entry<String, String> b : ref.brings().entrySet()) {
        registerColumns.add(col(b.getValue()).as(RowRules.TYPED + b.getKey()));
        registerSchema = registerSchema.add(RowRules.TYPED + b.getKey(), target.column(b.getValue()).silverType());
      }
      Dataset<Row> register = lakehouse.exists(table)
          ? lakehouse.read(table).select(registerColumns.toArray(Column[]::new))
          : lakehouse.spark().createDataFrame(List.of(), registerSchema);
      Column matches = lit(true);
      Column named = lit(true);
      for (String k : ref.key()) {
        out = out.withColumn("_key_" + k, row.get(k));
        matches = matches.and(col("_key_" + k).equalTo(col("_ref_" + k)));
        named = named.and(col("_key_" + k).isNotNull());
        // A code already refused for its shape is not also reported missing from the register.
        if (spec.columnNames().contains(k) && spec.column(k).kind() == ColumnSpec.Kind.CODE) {
          named = named.and(functions.not(functions.array_contains(col("reasons"), "bad_code:" + k)));
        }
      }
      out = out.join(functions.broadcast(register), matches, "left");
      Column orphan = named.and(col("_ref_" + ref.key().get(ref.key().size() - 1)).isNull());
      out = out.withColumn("reasons", when(orphan, functions.array_append(col("reasons"), lit(ref.reason())))
          .otherwise(col("reasons")));
      for (String k : ref.key()) out = out.drop("_key_" + k, "_ref_" + k);
    }
    return out;
  }

  /**
   * Duplicates among the rows that passed every other check. The keys seen more than once are
   * found by an aggregation of the keys alone; usually a handful, they are broadcast to mark the
   * rows, so the delivery's rows themselves are never shuffled. A delivery that repeats most keys
   * (a file sent twice) has more than {@code ingest.broadcast_max_rows} and is joined
   * by a shuffle instead. Only the rows of repeated keys are ranked.
   */
  private Dataset<Row> withDuplicateRule(Dataset<Row> rows, DatasetSpec spec) {
    List<String> key = new ArrayList<>();
    for (String k : spec.key()) key.add("typed_" + k);
    List<Column> values = new ArrayList<>();
    for (String c : spec.nonKeyColumns()) values.add(col("typed_" + c));
    Column hash = values.isEmpty() ? lit(0L) : xxhash64(values.toArray(Column[]::new));
    Column valid = size(col("reasons")).equalTo(0);
    Dataset<Row> candidates = rows.where(valid).withColumn("_h", hash);
    Dataset<Row> repeated = candidates
        .groupBy(key.stream().map(functions::col).toArray(Column[]::new))
        .agg(count(lit(1)).as("_n"), min("_h").as("_hmin"), max("_h").as("_hmax"))
        .where(col("_n").gt(1))
        .localCheckpoint();
    Dataset<Row> marked = joinFew(candidates, repeated, repeated.count(), key, "left");
    Dataset<Row> single = marked.where(col("_n").isNull()).withColumn("_collapsed", lit(false));
    WindowSpec byKey = Window.partitionBy(key.stream().map(functions::col).toArray(Column[]::new))
        .orderBy(col("_source_file"), col("_line"));
    Column conflict = col("_hmin").notEqual(col("_hmax"));
    Dataset<Row> duplicated = marked.where(col("_n").isNotNull())
        .withColumn("reasons", when(conflict, functions.array(lit("conflicting_duplicate"))).otherwise(col("reasons")))
        .withColumn("_collapsed", functions.not(conflict).and(row_number().over(byKey).gt(1)));
    Dataset<Row> invalid = rows.where(functions.not(valid)).withColumn("_collapsed", lit(false));
    List<String> columns = new ArrayList<>(List.of(rows.columns()));
    columns.add("_collapsed");
    Column[] ordered = columns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new);
    return single.select(ordered).unionByName(duplicated.select(ordered)).unionByName(invalid.select(ordered));
  }

  /** The checked rows without their raw strings: typed values, reasons and where each row came from. */
  private static Dataset<Row> typedOnly(Dataset<Row> checked) {
    List<Column> keep = new ArrayList<>();
    for (String c : checked.columns()) {
      if (c.startsWith(RowRules.TYPED) || List.of("reasons", "_source_file", "_line", "_delivery_id").contains(c)) {
        keep.add(col(c));
      }
    }
    return checked.select(keep.toArray(Column[]::new));
  }

  /**
   * The quarantined rows with their raw values as delivered, from bronze by (file, line). The
   * rejected rows are usually few and broadcast; past {@code ingest.broadcast_max_rows} (a file
   * refused whole, say) the two are joined by a shuffle.
   */
  private Dataset<Row> quarantineRows(Dataset<Row> checked, Dataset<Row> bronze, long quarantined, DatasetSpec spec) {
    Dataset<Row> rejected = checked.where(size(col("reasons")).gt(0)).select("_source_file", "_line", "reasons");
    // Nothing rejected: an empty source the optimiser does not scan, with the table's schema.
    Dataset<Row> raw = quarantined == 0 ? bronze.where(lit(false)) : bronze;
    return joinFew(raw, rejected, quarantined, List.of("_source_file", "_line"), "inner")
        .select(QuarantineColumns.of(spec));
  }

  /**
   * {@code rows} joined on {@code keys} with {@code few}, a side of {@code fewRows} rows that is
   * usually small: broadcast up to {@code ingest.broadcast_max_rows}, so {@code rows} is not
   * shuffled; past it, a shuffle join that does not hold {@code few} in memory.
   */
  private Dataset<Row> joinFew(Dataset<Row> rows, Dataset<Row> few, long fewRows, List<String> keys, String how) {
    boolean broadcast = fewRows <= settings.getInt("ingest.broadcast_max_rows");
    return rows.join(broadcast ? functions.broadcast(few) : few,
        Joins.using(keys), how);
  }

  /** The accepted rows, once each, as the silver table's columns (see {@link SilverColumns}). */
  private Dataset<Row> silverRows(Dataset<Row> checked, DatasetSpec spec) {
    return checked.where(size(col("reasons")).equalTo(0).and(functions.not(col("_collapsed"))))
        .select(SilverColumns.of(spec, settings));
  }

  static final StructType REFUSED_FILE = new StructType()
      .add("file", DataTypes.StringType, false, "path relative to the inbox")
      .add("reason", DataTypes.StringType, false, "why it was not ingested (docs/DELIVERY.md, Refused files)")
      .add("detail", DataTypes.StringType, false, "the reason for a person: the line, the link's target...")
      .add("bytes", DataTypes.LongType, false, "its size (0 for a link or a special file: nothing was read)")
      .add("rows", DataTypes.LongType, true,
          "the rows it held, counted as lines after its header, none of which was ingested (null for a file never opened)");

  static final StructType LOG_SCHEMA = new StructType()
      .add("delivery_id", DataTypes.StringType, false, "digest of the delivery's file names, sizes and times")
      .add("inbox", DataTypes.StringType, false, "the delivery directory")
      .add("dataset", DataTypes.StringType, false,
          "the dataset (directory of the delivery) this line counts; empty for the files refused outside any dataset folder")
      .add("files", DataTypes.IntegerType, false, "CSV files read")
      .add("read", DataTypes.LongType, false, "rows read")
      .add("accepted", DataTypes.LongType, false, "rows that passed every check (read = accepted + quarantined)")
      .add("quarantined", DataTypes.LongType, false, "rows sent to quarantine.<dataset>")
      .add("duplicates_collapsed", DataTypes.LongType, false, "accepted rows identical to another of the delivery")
      .add("extra_columns", DataTypes.createArrayType(DataTypes.StringType), false,
          "columns not in the contract, kept in bronze")
      .add("started_at", DataTypes.TimestampType, false, "when the dataset's ingest started")
      .add("finished_at", DataTypes.TimestampType, false, "when its silver merge was committed")
      .add("refused_files", DataTypes.createArrayType(REFUSED_FILE, false), true,
          "files of this dataset's folder not ingested, with the reason; none of their rows is anywhere");

  private void log(Delivery delivery, String dataset, int files, Counts c, List<String> extra,
      List<Delivery.Refused> refused, Timestamp started) {
    List<Row> refusedRows = refused.stream()
        .map(r -> RowFactory.create(r.file(), r.reason(), r.detail(), r.bytes(), r.rows())).toList();
    Row row = RowFactory.create(delivery.id(), delivery.inbox(), dataset, files, c.read(), c.accepted(),
        c.quarantined(), c.duplicatesCollapsed(), extra, started, new Timestamp(System.currentTimeMillis()),
        refusedRows);
    // A log written before refused_files existed gains the column (older rows read null).
    lakehouse.appendAddingColumns("ops.ingest_log", lakehouse.spark().createDataFrame(List.of(row), LOG_SCHEMA));
  }

  /** Whether an ingest run of ops.runs finished after the delivery's last line in ops.ingest_log (read without Spark). */
  private static boolean runRecordedAfter(LakehouseFiles lakehouse, String deliveryId) {
    long logged = Long.MIN_VALUE;
    for (Object[] r : lakehouse.rows("ops.ingest_log", "delivery_id", "finished_at")) {
      if (deliveryId.equals(r[0])) logged = Math.max(logged, (Long) r[1]);
    }
    for (Object[] r : lakehouse.rows("ops.runs", "job", "finished_at")) {
      if ("ingest".equals(r[0]) && (Long) r[1] >= logged) return true;
    }
    return false;
  }

  /** What the log already records for this delivery, by dataset: those datasets are done (read without Spark). */
  private static Map<String, Counts> alreadyIngested(LakehouseFiles lakehouse, String deliveryId) {
    Map<String, Counts> out = new java.util.HashMap<>();
    for (Object[] r : lakehouse.rows("ops.ingest_log", "delivery_id", "dataset", "read", "accepted", "quarantined",
        "duplicates_collapsed")) {
      if (!deliveryId.equals(r[0])) continue;
      String dataset = (String) r[1];
      out.put(dataset, new Counts(dataset, (Long) r[2], (Long) r[3], (Long) r[4], (Long) r[5], true));
    }
    return out;
  }
}
