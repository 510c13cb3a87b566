-- The eight basic-balance disparity coefficients (METHODS §1-4) straight from a delivery's CSV, in
-- DuckDB SQL: the reference jobs/bench --compare times the pipeline against, and checks
-- gold.county_balance_basic with. No validation and no Delta: a delivery without bad rows is assumed.
-- ${INBOX} is the delivery directory. Rules follow the pipeline's (SchoolIndicators, Dispersion):
-- the 6-3 grade system where enrollment has no level, weights of conf/standards/units.properties,
-- special schools left out, private kept, a teaching point merged into its parent when the parent is
-- an eligible school of that year, an asset total null when a member unit has no resources row,
-- full-time meaning true or not given.
-- Only the columns used, typed here; optional columns a delivery leaves out are null (INSERT BY NAME).
CREATE TABLE schools (school_year INTEGER, school_id VARCHAR, county_code VARCHAR, school_type VARCHAR,
  parent_school_id VARCHAR);
INSERT INTO schools BY NAME SELECT COLUMNS(lambda c: c IN ('school_year', 'school_id', 'county_code', 'school_type',
  'parent_school_id')) FROM read_csv('${INBOX}/schools/**/*.csv', header = true, all_varchar = true, union_by_name = true);
CREATE TABLE enrollment (school_year INTEGER, school_id VARCHAR, grade INTEGER, students BIGINT, level VARCHAR);
INSERT INTO enrollment BY NAME SELECT COLUMNS(lambda c: c IN ('school_year', 'school_id', 'grade', 'students', 'level'))
  FROM read_csv('${INBOX}/enrollment/**/*.csv', header = true, all_varchar = true, union_by_name = true);
CREATE TABLE resources (school_year INTEGER, school_id VARCHAR, teaching_aux_area_m2 DOUBLE, sports_area_m2 DOUBLE,
  equipment_value_yuan DOUBLE, computers DOUBLE, books DOUBLE);
INSERT INTO resources BY NAME SELECT COLUMNS(lambda c: c IN ('school_year', 'school_id', 'teaching_aux_area_m2',
  'sports_area_m2', 'equipment_value_yuan', 'computers', 'books'))
  FROM read_csv('${INBOX}/resources/**/*.csv', header = true, all_varchar = true, union_by_name = true);
CREATE TABLE teachers (school_year INTEGER, school_id VARCHAR, level VARCHAR, degree VARCHAR, title VARCHAR,
  full_time BOOLEAN);
INSERT INTO teachers BY NAME SELECT COLUMNS(lambda c: c IN ('school_year', 'school_id', 'level', 'degree', 'title', 'full_time'))
  FROM read_csv('${INBOX}/teachers/**/*.csv', header = true, all_varchar = true, union_by_name = true);
CREATE TABLE result AS
WITH eligible AS (
  SELECT school_year, school_id, county_code, school_type, parent_school_id FROM schools
  WHERE school_type IS DISTINCT FROM 'special'),
levels AS (
  SELECT school_year, school_id,
    coalesce(level, CASE WHEN grade >= 10 THEN 'senior' WHEN grade <= 6 THEN 'primary' ELSE 'junior' END) AS level,
    sum(students)::BIGINT AS students
  FROM enrollment GROUP BY ALL),
parts AS (  -- a school's level parts with their share of its assets: w_l·n_l / Σ_k w_k·n_k
  SELECT l.*, e.county_code, e.school_type, e.parent_school_id,
    l.students * CASE l.level WHEN 'primary' THEN 1.0 WHEN 'junior' THEN 1.1 WHEN 'senior' THEN 1.32 ELSE 0 END AS weighted
  FROM levels l JOIN eligible e USING (school_year, school_id)),
shared AS (
  SELECT *, weighted / nullif(sum(weighted) OVER (PARTITION BY school_year, school_id), 0) AS share FROM parts),
staff AS (
  SELECT school_year, school_id, level, count(*) AS teachers,
    count(*) FILTER (WHERE (level = 'primary' AND degree IN ('associate', 'bachelor', 'postgraduate'))
                        OR (level = 'junior' AND degree IN ('bachelor', 'postgraduate'))) AS qualified,
    count(*) FILTER (WHERE title IN ('first', 'senior', 'senior_professor')) AS titled
  FROM teachers WHERE coalesce(full_time, true) GROUP BY ALL),
members AS (  -- primary and junior parts with students; a teaching point carries its parent's id
  SELECT s.school_year, s.level, s.students,
    CASE WHEN s.school_type = 'teaching_point' AND p.school_id IS NOT NULL THEN p.school_id ELSE s.school_id END AS unit_id,
    r.teaching_aux_area_m2 * s.share AS area, r.sports_area_m2 * s.share AS sports,
    r.equipment_value_yuan * s.share AS equipment, r.computers * s.share AS computers, r.books * s.share AS books,
    coalesce(t.teachers, 0) AS teachers, coalesce(t.qualified, 0) AS qualified, coalesce(t.titled, 0) AS titled
  FROM shared s
  LEFT JOIN eligible p ON p.school_year = s.school_year AND p.school_id = s.parent_school_id
  LEFT JOIN resources r ON r.school_year = s.school_year AND r.school_id = s.school_id
  LEFT JOIN staff t ON t.school_year = s.school_year AND t.school_id = s.school_id AND t.level = s.level
  WHERE s.level IN ('primary', 'junior') AND s.students > 0),
units AS (  -- one unit per (school year, unit, level); an asset total is null when a member lacks it
  SELECT m.school_year, m.unit_id, m.level, e.county_code, sum(m.students) AS students,
    CASE WHEN count(area) = count(*) THEN sum(area) END AS area,
    CASE WHEN count(sports) = count(*) THEN sum(sports) END AS sports,
    CASE WHEN count(equipment) = count(*) THEN sum(equipment) END AS equipment,
    CASE WHEN count(computers) = count(*) THEN sum(computers) END AS computers,
    CASE WHEN count(books) = count(*) THEN sum(books) END AS books,
    sum(teachers) AS teachers, sum(qualified) AS qualified, sum(titled) AS titled
  FROM members m JOIN eligible e ON e.school_year = m.school_year AND e.school_id = m.unit_id
  GROUP BY m.school_year, m.unit_id, m.level, e.county_code),
values8 AS (  -- the eight indicators of each unit, stacked
  SELECT school_year, county_code, level, students::DOUBLE AS w, indicator, x
  FROM units, LATERAL (VALUES
    ('teaching_aux_area', area / students), ('sports_area', sports / students),
    ('equipment_value', equipment / students), ('computers', 100 * computers / students),
    ('books', books / students), ('teachers', 100 * teachers / students),
    ('qualified_teachers', 100 * qualified / students), ('titled_teachers', 100 * titled / students)) v(indicator, x)),
means AS (
  SELECT school_year, county_code, level, indicator, count(*) AS units, count(x) AS valued,
    sum(w) AS total_weight, sum(w * x) / sum(w) AS mean
  FROM values8 GROUP BY ALL),
cv AS (  -- CV = sqrt(Σ (P_i/P)·(x_i − X)²) / X; 0 for one unit; null on a missing value or a zero mean
  SELECT v.school_year, v.county_code, v.level, v.indicator, m.units, m.total_weight,
    CASE WHEN m.valued < m.units OR m.mean = 0 THEN NULL WHEN m.units = 1 THEN 0.0
         ELSE sqrt(sum(v.w * (v.x - m.mean) ^ 2) / m.total_weight) / m.mean END AS cv
  FROM values8 v JOIN means m USING (school_year, county_code, level, indicator)
  GROUP BY v.school_year, v.county_code, v.level, v.indicator, m.units, m.valued, m.total_weight, m.mean)
SELECT school_year, county_code, level, any_value(units) AS schools, any_value(total_weight)::BIGINT AS students,
  max(cv) FILTER (WHERE indicator = 'teaching_aux_area') AS cv_teaching_aux_area,
  max(cv) FILTER (WHERE indicator = 'sports_area') AS cv_sports_area,
  max(cv) FILTER (WHERE indicator = 'equipment_value') AS cv_equipment_value,
  max(cv) FILTER (WHERE indicator = 'computers') AS cv_computers,
  max(cv) FILTER (WHERE indicator = 'books') AS cv_books,
  max(cv) FILTER (WHERE indicator = 'teachers') AS cv_teachers,
  max(cv) FILTER (WHERE indicator = 'qualified_teachers') AS cv_qualified_teachers,
  max(cv) FILTER (WHERE indicator = 'titled_teachers') AS cv_titled_teachers
FROM cv GROUP BY school_year, county_code, level;
