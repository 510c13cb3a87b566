package edubalance.remediation;

import static org.apache.spark.sql.functions.col;

import edubalance.codes.Regions;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.metrics.GoldModel;
import edubalance.metrics.Inputs;
import edubalance.metrics.SchoolIndicators;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.remediation_summary: what it takes a county's level to meet each target (达标路径,
 * docs/METHODS.md §10): whether it meets it now, the least cost of a plan that makes it, a lower
 * bound of that cost, and the figures after the plan. Each county is solved once, here; its additions
 * are kept in {@code additions} and listed one per row by gold.remediation_plan.
 */
public final class RemediationSummary implements GoldModel {
  public RemediationSummary() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.remediation_summary";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "county_code", "level", "target"); }
  @Override public String yearColumn() { return "school_year"; }
  @Override public List<String> inputs() { return List.of(SchoolIndicators.TABLE); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get(SchoolIndicators.TABLE), settings);
  }

  /** @param schoolIndicators gold.school_indicators */
  public static Dataset<Row> compute(Dataset<Row> schoolIndicators, Settings settings) {
    return RemediationSolve.solve(schoolIndicators, settings).select(
        Described.as(col("school_year"), "school_year", "school year by its starting calendar year"),
        Described.as(col("county_code"), "county_code", "6-digit county code"),
        Described.as(col("level"), "level", "primary or junior"),
        Described.as(col("target"), "target", "basic: composite CV within conf basic.composite_cv_max (2012 method, docs/METHODS.md §4); quality: every CV within quality.cv_max and every unit complying (2017 method, §5)"),
        Described.as(Regions.provinceCode(col("county_code")), "province_code", "6-digit province code of the county"),
        Described.as(col("units"), "units", "units of calculation of the target's rule (docs/METHODS.md §1)"),
        Described.as(col("meets_now"), "meets_now", "the target is met without additions; null when it cannot be judged (see null_reason)"),
        Described.as(col("feasible"), "feasible", "a plan exists within the bounds of promotions, upgrades and designations (docs/METHODS.md §10); null when it cannot be judged"),
        Described.as(col("cost_yuan"), "cost_yuan", "yuan of the least-cost plan found (0 when met now): the sum of gold.remediation_plan.cost_yuan; null when there is none (see null_reason)"),
        Described.as(col("lower_bound_yuan"), "lower_bound_yuan", "yuan no plan can cost less than (docs/METHODS.md §10); equal to cost_yuan when the plan is optimal; null when the figures cannot be judged"),
        Described.as(col("composite_cv_now"), "composite_cv_now", "basic target: the composite CV now (as gold.county_balance_basic); null for the quality target, or with a null_reason"),
        Described.as(col("max_cv_now"), "max_cv_now", "quality target: the largest of the seven CVs now (as gold.county_balance_quality); null for the basic target, or with a null_reason"),
        Described.as(col("units_compliant_now"), "units_compliant_now", "quality target: units complying now; null for the basic target, or with a null_reason"),
        Described.as(col("composite_cv_after"), "composite_cv_after", "basic target: the composite CV after the plan (docs/METHODS.md §4); null for the quality target, or with a null_reason"),
        Described.as(col("max_cv_after"), "max_cv_after", "quality target: the largest of the seven CVs after the plan (docs/METHODS.md §5); null for the basic target, or with a null_reason"),
        Described.as(col("units_compliant_after"), "units_compliant_after", "quality target: units complying with the seven standards after the plan; null for the basic target (the 2012 method has no per-unit rule), or with a null_reason"),
        Described.as(col("null_reason"), "null_reason", "why the plan's figures are null: missing_value (a unit's value unknown), zero_mean (an indicator's county mean is 0), bounds (no plan within the bounds of promotions, upgrades and designations), not_converged (the solver stopped early)"),
        Described.as(col("additions"), "additions", "the plan's additions (unit_id, resource, current_amount, add_amount, unit_cost_yuan, cost_yuan), one row each in gold.remediation_plan; empty when nothing is added"));
  }
}
