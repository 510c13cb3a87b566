-- Which counties missed the three increases (三个增长) in the latest fiscal year, and by how much.
-- One row per county that missed at least one increase or could not be judged (verdict says which).
-- Growth figures are in percent; the shortfall is what the appropriation lacked to grow as fast
-- as recurrent revenue, in 10k yuan. Run: jobs/sql --format table --file notebooks/three_increases_missed.sql
SELECT
  t.county_code,
  d.name AS county,
  t.fiscal_year,
  CASE WHEN t.all_increases_met IS NULL THEN 'not judged' ELSE 'missed' END AS verdict,
  t.appropriation_outpaces_revenue AS increase_1_met,
  round(100 * t.education_appropriation_growth, 2) AS appropriation_growth_pct,
  round(100 * t.recurrent_revenue_growth, 2) AS revenue_growth_pct,
  round(100 * t.appropriation_growth_margin, 2) AS margin_pct_points,
  round(greatest(0, t.prior_education_appropriation_10k_yuan * (1 + t.recurrent_revenue_growth)
                    - t.education_appropriation_10k_yuan), 1) AS appropriation_shortfall_10k_yuan,
  t.expenditure_per_student_increased AS increase_2_met,
  round(100 * least(t.expenditure_per_student_primary_growth, t.expenditure_per_student_junior_growth), 2)
    AS weakest_expenditure_per_student_growth_pct,
  t.public_funds_per_student_increased AS increase_3_met,
  round(100 * least(t.public_funds_per_student_primary_growth, t.public_funds_per_student_junior_growth,
                    t.teacher_salary_growth), 2) AS weakest_public_funds_or_salary_growth_pct,
  t.null_reason
FROM gold.three_increases t
LEFT JOIN silver.divisions d ON d.code = t.county_code
WHERE t.region_level = 'county'
  AND t.fiscal_year = (SELECT max(fiscal_year) FROM gold.three_increases)
  AND (t.all_increases_met IS NULL OR NOT t.all_increases_met)
ORDER BY t.all_increases_met IS NULL, t.appropriation_growth_margin, t.county_code
