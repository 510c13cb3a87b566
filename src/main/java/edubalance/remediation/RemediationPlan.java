package edubalance.remediation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import edubalance.codes.Regions;
import edubalance.conf.Settings;
import edubalance.lakehouse.Described;
import edubalance.metrics.GoldModel;
import edubalance.metrics.Inputs;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.remediation_plan: the least-cost additions, unit by unit and resource by resource, that make
 * a county's level meet a target (达标路径, docs/METHODS.md §10). A row only where something is
 * added; the county's totals are in gold.remediation_summary.
 */
public final class RemediationPlan implements GoldModel {
  public RemediationPlan() {}

  /** The table this model writes; the one place its name is spelt. */
  public static final String TABLE = "gold.remediation_plan";

  @Override public String table() { return TABLE; }

  @Override public List<String> key() { return List.of("school_year", "county_code", "level", "target", "unit_id", "resource"); }
  @Override public String yearColumn() { return "school_year"; }
  @Override public List<String> inputs() { return List.of(RemediationSummary.TABLE); }

  @Override
  public Dataset<Row> compute(Inputs in, Settings settings) {
    return compute(in.get(RemediationSummary.TABLE));
  }

  /** @param summary gold.remediation_summary (its additions) */
  public static Dataset<Row> compute(Dataset<Row> summary) {
    return summary
        .select(col("school_year"), col("county_code"), col("level"), col("target"), explode(col("additions")).as("a"))
        .select(
            Described.as(col("school_year"), "school_year", "school year by its starting calendar year"),
            Described.as(col("county_code"), "county_code", "6-digit county code"),
            Described.as(col("level"), "level", "primary or junior"),
            Described.as(col("target"), "target", "basic or quality (gold.remediation_summary)"),
            Described.as(col("a.unit_id"), "unit_id", "the unit's school_id in gold.school_indicators (for the basic target, a central school with its teaching points merged)"),
            Described.as(col("a.resource"), "resource", "what is added (docs/METHODS.md §10): teaching_aux_area_m2, sports_area_m2, equipment_value_yuan, computers, books, multimedia_classrooms, teacher_hires, pe_art_teacher_hires, title_promotions, degree_upgrades or backbone_designations"),
            Described.as(Regions.provinceCode(col("county_code")), "province_code", "6-digit province code of the county"),
            Described.as(col("a.current_amount"), "current_amount", "the unit's amount now: the total the resource adds to (teachers for teacher_hires, PE/art teachers for pe_art_teacher_hires, titled, qualified or backbone teachers for promotions, upgrades and designations)"),
            Described.as(col("a.add_amount"), "add_amount", "the addition: whole numbers for people, computers, books and classrooms; areas and values to the hundredth"),
            Described.as(col("a.unit_cost_yuan"), "unit_cost_yuan", "yuan per unit of the resource, conf remediation.cost.<resource> (province override if any)"),
            Described.as(col("a.cost_yuan"), "cost_yuan", "add_amount × unit_cost_yuan"));
  }
}
