package edubalance.metrics;

import static edubalance.lakehouse.Joins.using;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import edubalance.codes.Regions;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.lakehouse.NullReasons;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Interaction;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code gold.enrollment_forecast} (学位需求预测): students expected in the next school years per
 * county, city and province and level, by the cohort-survival method planners use (docs/METHODS.md §9).
 *
 * <ul>
 *   <li>Grade g in year t+1 = grade g−1 in year t × the grade progression ratio of g, the mean of
 *       its ratios {@code students(g, y) / students(g−1, y−1)} over the last
 *       {@code forecast.ratio_years} years; the min and max of those ratios carry the lower and upper
 *       bound forward. Grade 6 → 7 is a ratio like any other, so the primary-to-junior transition is
 *       included; the oldest compulsory grade leaves.
 *   <li>Grade-1 intake: a linear trend of intake on year for each county, fitted with Spark MLlib
 *       {@link LinearRegression} (one model with an intercept offset and a year slope per county,
 *       so it is each county's own least-squares line); interval
 *       prediction ± z × residual standard deviation.
 *   <li>Backtest: the last {@code forecast.backtest.holdout_years} years are forecast from the years
 *       before them; {@code mape_backtest} = mean |forecast − actual| / actual over those years.
 * </ul>
 * Students of special-education and senior schools and senior grades are left out.
 */
public final class EnrollmentForecast implements GoldModel {
  public EnrollmentForecast() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.enrollment_forecast";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("entity_code", "level", "school_year"); }
  @Override public String yearColumn() { return null; }
  @Override public List<String> inputs() { return List.of("silver.enrollment", "silver.schools"); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get("silver.enrollment"), in.get("silver.schools"), settings);
  }

  static final String METHOD = "cohort_survival";

  /**
   * @param enrollment silver.enrollment (school_year, school_id, grade, students, level)
   * @param schools silver.schools (school_year, school_id, county_code, school_type)
   */
  public static Dataset<Row> compute(Dataset<Row> enrollment, Dataset<Row> schools, Settings settings) {
    Dataset<Row> counts = gradeCounts(enrollment, schools).cache();
    Row last = counts.agg(max("school_year")).first();
    if (last.isNullAt(0)) throw new IllegalArgumentException("EnrollmentForecast: no compulsory enrollment");
    int base = last.getInt(0);
    int horizon = settings.getInt("forecast.horizon_years");
    int holdout = settings.getInt("forecast.backtest.holdout_years");

    Dataset<Row> forecast = rollUp(project(counts, base, horizon, settings)).localCheckpoint();

    // Backtest from base − holdout: forecast the held-out years and compare with what came.
    int btBase = base - holdout;
    Dataset<Row> actual = counts.groupBy("county_code", "level", "school_year")
        .agg(sum("students").as("actual"));
    Dataset<Row> bt = project(counts.where(col("school_year").leq(btBase)), btBase, holdout, settings)
        .join(actual, using("county_code", "level", "school_year"), "left");
    Dataset<Row> btAll = rollUp(bt).localCheckpoint();
    Column ape = try_divide(abs(col("forecast_students").minus(col("actual"))), col("actual"));
    Dataset<Row> mape = btAll.groupBy("entity_code", "entity_level", "level").agg(
        when(count(col("forecast_students")).equalTo(count(lit(1)))
            .and(count(when(col("actual").gt(0), lit(1))).equalTo(count(lit(1)))), avg(ape)).as("mape_backtest"),
        sort_array(collect_set(col("null_reason"))).as("_bt_reasons"));

    Column btReason = when(col("mape_backtest").isNull(), concat(
        lit("mape_backtest: forecast of " + (btBase + 1) + "-" + base + " from " + btBase + " not possible"),
        when(col("_bt_reasons").isNotNull().and(org.apache.spark.sql.functions.size(col("_bt_reasons")).gt(0)),
            concat(lit(" ("), concat_ws(", ", col("_bt_reasons")), lit(")"))).otherwise(lit(""))));
    Dataset<Row> out = forecast.join(mape, using("entity_code", "entity_level", "level"), "left");
    NullReasons reasons = new NullReasons().add(col("null_reason")).add(btReason);
    counts.unpersist();

    return out.select(
        Described.as(col("entity_code"), "entity_code", "county, city or province code (GB/T 2260)"),
        Described.as(col("level"), "level", "primary or junior (the level of each grade in the latest year)"),
        Described.as(col("school_year"), "school_year", "forecast school year (start year)"),
        Described.as(col("entity_level"), "entity_level", "county, city or province"),
        Described.as(col("forecast_students"), "forecast_students",
            "expected students (not rounded): cohort survival with mean grade progression ratios and a "
                + "linear grade-1 intake trend (docs/METHODS.md §9); city and province = sum of their counties"),
        Described.as(col("lower"), "lower",
            "lower bound: minimum past progression ratios, intake trend - z x residual sd (conf forecast.*)"),
        Described.as(col("upper"), "upper",
            "upper bound: maximum past progression ratios, intake trend + z x residual sd"),
        Described.as(lit(METHOD), "method",
            "cohort_survival: grade progression ratios, intake by MLlib LinearRegression per county"),
        Described.as(col("mape_backtest"), "mape_backtest",
            "mean absolute percentage error (fraction) of the same method forecasting the last "
                + "forecast.backtest.holdout_years school years from the years before them"),
        Described.as(lit(base), "base_year", "latest school year of the data the forecast starts from"),
        Described.as(lit((btBase + 1) + "-" + base), "backtest_years", "school years held out for the backtest"),
        Described.as(col("counties"), "counties", "counties summed (1 for a county)"),
        reasons.asNullReason(
            "why forecast_students or mape_backtest is null; null when both are computed"));
  }

  /** Compulsory students per county, school year, grade, with the grade's level. */
  static Dataset<Row> gradeCounts(Dataset<Row> enrollment, Dataset<Row> schools) {
    Dataset<Row> s = schools.where(col("school_type").isin("special", "senior").unary_$bang())
        .select("school_year", "school_id", "county_code");
    return enrollment.where(col("level").isin("primary", "junior"))
        .join(s, using("school_year", "school_id"))
        .groupBy("county_code", "school_year", "grade")
        .agg(sum("students").cast(DataTypes.DoubleType).as("students"), max("level").as("level"));
  }

  /**
   * County forecasts of school years base+1 .. base+horizon from the counts up to base:
   * (county_code, level, school_year, forecast_students, lower, upper, null_reason).
   */
  static Dataset<Row> project(Dataset<Row> counts, int base, int horizon, Settings settings) {
    int ratioYears = settings.getInt("forecast.ratio_years");
    Dataset<Row> hist = counts.where(col("school_year").leq(base));
    Dataset<Row> gradeLevel = hist.groupBy("county_code", "grade")
        .agg(max_by(col("level"), col("school_year")).as("level")).localCheckpoint();

    Dataset<Row> a = hist.as("a");
    Dataset<Row> b = hist.as("b");
    Dataset<Row> ratios = a.join(b, col("a.county_code").equalTo(col("b.county_code"))
            .and(col("b.grade").equalTo(col("a.grade").minus(1)))
            .and(col("b.school_year").equalTo(col("a.school_year").minus(1)))
            .and(col("b.students").gt(0)))
        .where(col("a.school_year").gt(base - ratioYears))
        .select(col("a.county_code").as("county_code"), col("a.grade").as("grade"),
            col("a.students").divide(col("b.students")).as("r"))
        .groupBy("county_code", "grade")
        .agg(avg("r").as("r_mid"), min("r").as("r_lo"), max("r").as("r_hi")).localCheckpoint();

    // Only counties with statistics in the base year are projected (their cohorts are the start).
    Dataset<Row> intake = gradeLevel.where(col("grade").equalTo(1)).select("county_code")
        .join(hist.where(col("school_year").equalTo(base)).select("county_code").distinct(), "county_code")
        .join(intakeTrend(hist.where(col("grade").equalTo(1)), base, horizon, settings), "county_code", "left")
        .localCheckpoint();

    Dataset<Row> state = hist.where(col("school_year").equalTo(base)).select(col("county_code"), col("grade"),
        col("students").as("mid"), col("students").as("lo"), col("students").as("hi"),
        lit(null).cast(DataTypes.StringType).as("reason"));
    List<Dataset<Row>> years = new ArrayList<>();
    for (int k = 1; k <= horizon; k++) {
      int year = base + k;
      Dataset<Row> moved = state.withColumn("grade", col("grade").plus(1))
          .join(gradeLevel.select("county_code", "grade"), using("county_code", "grade"))
          .join(ratios, using("county_code", "grade"), "left")
          .select(col("county_code"), col("grade"), col("mid").multiply(col("r_mid")).as("mid"),
              col("lo").multiply(col("r_lo")).as("lo"), col("hi").multiply(col("r_hi")).as("hi"),
              coalesce(col("reason"), when(col("r_mid").isNull(),
                  concat(lit("no progression ratio into grade "), col("grade").cast("string"),
                      lit(" in " + (base - ratioYears + 1) + "-" + base)))).as("reason"));
      Dataset<Row> entering = intake.where(col("school_year").equalTo(year))
          .select(col("county_code"), lit(1).as("grade"), col("mid"), col("lo"), col("hi"), col("reason"));
      // Materialised: each year's plan would otherwise repeat every earlier year's joins.
      state = moved.unionByName(entering).localCheckpoint();
      years.add(state.withColumn("school_year", lit(year)));
    }
    Dataset<Row> all = years.get(0);
    for (int i = 1; i < years.size(); i++) all = all.unionByName(years.get(i));

    Column complete = count(col("mid")).equalTo(count(lit(1)));
    return all.join(gradeLevel, using("county_code", "grade"))
        .groupBy("county_code", "level", "school_year")
        .agg(when(complete, sum("mid")).as("forecast_students"), when(complete, sum("lo")).as("lower"),
            when(complete, sum("hi")).as("upper"),
            concat_ws("; ", sort_array(collect_set(col("reason")))).as("null_reason"))
        .withColumn("null_reason", when(col("null_reason").notEqual(""), col("null_reason")))
        .localCheckpoint();
  }

  /**
   * Grade-1 intake of base+1 .. base+horizon per county: (county_code, school_year, mid, lo, hi, reason),
   * a linear trend of intake on year fitted by MLlib over the last forecast.intake.years years.
   */
  static Dataset<Row> intakeTrend(Dataset<Row> gradeOne, int base, int horizon, Settings settings) {
    int years = settings.getInt("forecast.intake.years");
    int minYears = settings.getInt("forecast.intake.min_years");
    double z = settings.getDouble("forecast.intake.z");
    int perModel = settings.getInt("forecast.intake.counties_per_model");
    if (minYears < 3) throw new IllegalArgumentException("forecast.intake.min_years must be at least 3");

    Dataset<Row> pts = gradeOne.where(col("school_year").gt(base - years))
        .select(col("county_code"), col("school_year"), col("students").as("label"),
            col("school_year").minus(base).cast(DataTypes.DoubleType).as("x"));
    Dataset<Row> n = pts.groupBy("county_code").agg(count(lit(1)).as("n"));
    Dataset<Row> fit = pts.join(n, "county_code").where(col("n").geq(minYears))
        .withColumn("batch", floor(dense_rank().over(Window.orderBy("county_code")).minus(1).divide(perModel)))
        .cache();
    Dataset<Row> future = fit.select("county_code", "batch").distinct()
        .crossJoin(fit.sparkSession().range(1, horizon + 1).select(col("id").cast(DataTypes.DoubleType).as("x")));

    List<Dataset<Row>> fitted = new ArrayList<>();
    List<Dataset<Row>> predicted = new ArrayList<>();
    long eligible = fit.select("county_code").distinct().count();
    long batches = (eligible + perModel - 1) / perModel;
    for (long bt = 0; bt < batches; bt++) {
      Dataset<Row> train = fit.where(col("batch").equalTo(bt));
      boolean lone = bt == batches - 1 && eligible - bt * perModel == 1;
      PipelineModel model = intakeModel(lone).fit(train);
      fitted.add(model.transform(train).select("county_code", "label", "prediction"));
      predicted.add(model.transform(future.where(col("batch").equalTo(bt))).select("county_code", "x", "prediction"));
    }
    Dataset<Row> spread;
    Dataset<Row> preds;
    if (fitted.isEmpty()) {
      spread = fit.sparkSession().emptyDataFrame().selectExpr("CAST(NULL AS STRING) county_code", "CAST(NULL AS DOUBLE) sd")
          .where("false");
      preds = fit.sparkSession().emptyDataFrame().selectExpr("CAST(NULL AS STRING) county_code", "CAST(NULL AS DOUBLE) x",
          "CAST(NULL AS DOUBLE) prediction").where("false");
    } else {
      Dataset<Row> f = fitted.get(0);
      Dataset<Row> p = predicted.get(0);
      for (int i = 1; i < fitted.size(); i++) {
        f = f.unionByName(fitted.get(i));
        p = p.unionByName(predicted.get(i));
      }
      // Residual standard deviation with n − 2 degrees of freedom (intercept and slope).
      Column res = col("label").minus(col("prediction"));
      spread = f.groupBy("county_code").agg(sqrt(sum(res.multiply(res)).divide(count(lit(1)).minus(2))).as("sd"));
      preds = p;
    }
    Dataset<Row> ok = preds.join(spread, "county_code").select(col("county_code"),
        col("x").cast(DataTypes.IntegerType).plus(base).as("school_year"),
        greatest(col("prediction"), lit(0.0)).as("mid"),
        greatest(col("prediction").minus(col("sd").multiply(z)), lit(0.0)).as("lo"),
        greatest(col("prediction").plus(col("sd").multiply(z)), lit(0.0)).as("hi"),
        lit(null).cast(DataTypes.StringType).as("reason"));
    Dataset<Row> tooShort = n.where(col("n").lt(minYears))
        .crossJoin(fit.sparkSession().range(1, horizon + 1).select(col("id").cast(DataTypes.IntegerType).plus(base)
            .as("school_year")))
        .select(col("county_code"), col("school_year"), lit(null).cast(DataTypes.DoubleType).as("mid"),
            lit(null).cast(DataTypes.DoubleType).as("lo"), lit(null).cast(DataTypes.DoubleType).as("hi"),
            concat(lit("grade-1 intake of "), col("n").cast("string"), lit(" year(s) in " + (base - years + 1) + "-"
                + base + ", the trend needs " + minYears)).as("reason"));
    return ok.unionByName(tooShort);
  }

  /**
   * Per-county least squares in one MLlib model: features are the county's one-hot (its intercept)
   * and one-hot × (year − base) (its slope), no shared intercept, no regularisation, exact normal
   * equations. A lone county is fitted with MLlib's own intercept and year as the one feature:
   * MLlib's solver zeroes a feature that is constant in the data, which a lone county's one-hot is.
   */
  private static Pipeline intakeModel(boolean loneCounty) {
    StringIndexer idx = new StringIndexer().setInputCol("county_code").setOutputCol("county_idx");
    OneHotEncoder oh = new OneHotEncoder().setInputCols(new String[] {"county_idx"})
        .setOutputCols(new String[] {"county_1h"}).setDropLast(false);
    Interaction slope = new Interaction().setInputCols(new String[] {"county_1h", "x"}).setOutputCol("county_x");
    VectorAssembler va = new VectorAssembler()
        .setInputCols(loneCounty ? new String[] {"county_x"} : new String[] {"county_1h", "county_x"})
        .setOutputCol("features");
    LinearRegression lr = new LinearRegression().setFeaturesCol("features").setLabelCol("label")
        .setFitIntercept(loneCounty).setRegParam(0.0).setElasticNetParam(0.0).setStandardization(false)
        .setSolver("normal");
    return new Pipeline().setStages(new PipelineStage[] {idx, oh, slope, va, lr});
  }

  /**
   * County rows (county_code, level, school_year, forecast_students, lower, upper, null_reason
   * [, actual]) with their city and province sums; a sum is null when one of its counties has no forecast.
   */
  static Dataset<Row> rollUp(Dataset<Row> county) {
    boolean withActual = List.of(county.columns()).contains("actual");
    List<Column> keep = new ArrayList<>(List.of(col("entity_code"), col("entity_level"), col("level"),
        col("school_year"), col("forecast_students"), col("lower"), col("upper"), col("counties"), col("null_reason")));
    if (withActual) keep.add(col("actual"));
    Dataset<Row> out = county.withColumn("entity_code", col("county_code")).withColumn("entity_level", lit("county"))
        .withColumn("counties", lit(1L)).select(keep.toArray(new Column[0]));
    Column complete = count(col("forecast_students")).equalTo(count(lit(1)));
    List<Column> aggs = new ArrayList<>(List.of(when(complete, sum("forecast_students")).as("forecast_students"),
        when(complete, sum("lower")).as("lower"), when(complete, sum("upper")).as("upper"),
        countDistinct("county_code").as("counties"),
        when(complete.unary_$bang(), concat(
            (count(lit(1)).minus(count(col("forecast_students")))).cast("string"),
            lit(" county forecast(s) missing"))).as("null_reason")));
    if (withActual) aggs.add(sum("actual").as("actual"));
    Dataset<Row> regions = Regions.rollUp(county, "entity_code", "entity_level",
        List.of(col("level"), col("school_year")), aggs);
    return out.unionByName(regions.select(keep.toArray(new Column[0])));
  }
}
