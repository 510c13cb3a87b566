package edubalance.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edubalance.ingest.DatasetSpec;
import edubalance.ingest.Datasets;
import edubalance.jobs.Main;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo delivery: deterministic, in the contract's format, and consistent across datasets. */
@Tag("fast") // no Spark: jobs/test --fast
class DeliveryGeneratorTest {
  private static final int FIRST = 2022;
  private static final int LAST = 2024;

  @TempDir
  static Path tmp;

  private static Path demo;

  @BeforeAll
  static void generateDemo() {
    demo = tmp.resolve("demo");
    DeliveryGenerator.generate(demo, "demo", FIRST, LAST, 7L);
  }

  // ------------------------------------------------------------------ helpers

  /** Every row of a dataset (all its files, at any depth), as column -> value maps. */
  private static List<Map<String, String>> rows(Path root, DeliveryDataset ds) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Path f : csvFiles(root.resolve(ds.dirName()))) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8);
           CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        for (CSVRecord rec : p) out.add(rec.toMap());
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }
    return out;
  }

  private static List<Path> csvFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static Map<String, Map<String, String>> schoolsOf(List<Map<String, String>> schools, int year) {
    Map<String, Map<String, String>> m = new HashMap<>();
    for (Map<String, String> s : schools) if (Integer.parseInt(s.get("school_year")) == year) m.put(s.get("school_id"), s);
    return m;
  }

  private static int schoolYearOf(String isoDate) {
    LocalDate d = LocalDate.parse(isoDate);
    return d.getMonthValue() >= 9 ? d.getYear() : d.getYear() - 1;
  }

  // ------------------------------------------------------------------ determinism and format

  @Test
  void sameSeedGivesByteIdenticalOutputAndAnotherSeedDoesNot() throws IOException {
    Path again = tmp.resolve("again");
    DeliveryGenerator.generate(again, "demo", FIRST, LAST, 7L);
    List<Path> a = csvFiles(demo).stream().map(demo::relativize).toList();
    List<Path> b = csvFiles(again).stream().map(again::relativize).toList();
    assertEquals(a, b);
    assertTrue(a.size() > 9 * 2, "several files per dataset");
    for (Path rel : a) {
      assertArrayEquals(Files.readAllBytes(demo.resolve(rel)), Files.readAllBytes(again.resolve(rel)), rel.toString());
    }
    Path other = tmp.resolve("other");
    DeliveryGenerator.generate(other, "demo", FIRST, LAST, 8L);
    Path teachers = Path.of("teachers", "2024", "140100.csv");
    assertFalse(Arrays.equals(Files.readAllBytes(demo.resolve(teachers)), Files.readAllBytes(other.resolve(teachers))));
  }

  @Test
  void everyDatasetHasItsDirectoryAndTheContractHeader() throws IOException {
    for (DeliveryDataset ds : DeliveryDataset.values()) {
      DatasetSpec spec = Datasets.byName(ds.dirName());
      List<Path> files = csvFiles(demo.resolve(ds.dirName()));
      assertFalse(files.isEmpty(), ds.dirName());
      for (Path f : files) {
        String first = Files.newBufferedReader(f, StandardCharsets.UTF_8).readLine();
        List<String> header = Arrays.asList(first.split(","));
        assertEquals(Arrays.asList(ds.header()), header, f.toString());
        assertTrue(spec.columnNames().containsAll(header), "only contract columns in " + f);
        assertTrue(header.containsAll(spec.requiredColumns()), "every required column in " + f);
      }
    }
    // one file per city and year: teachers/2024/140100.csv
    assertTrue(Files.exists(demo.resolve("teachers/2024/140100.csv")));
    assertFalse(Files.exists(demo.resolve("_generating")), "staging directory removed");
  }

  @Test
  void divisionsAreRealShanxiCodes() {
    Map<String, String> names = new HashMap<>();
    for (Map<String, String> r : rows(demo, DeliveryDataset.DIVISIONS)) names.put(r.get("code"), r.get("name"));
    assertEquals("山西省", names.get("140000"));
    assertEquals("太原市", names.get("140100"));
    assertEquals("迎泽区", names.get("140106"));
    assertEquals("清徐县", names.get("140121"));
    assertEquals("古交市", names.get("140181"));
    assertEquals(6, names.size(), "province, city and four counties");
  }

  // ------------------------------------------------------------------ schools and enrollment

  @Test
  void schoolsHaveValidCodesTypesAndTeachingPointParents() {
    List<Map<String, String>> schools = rows(demo, DeliveryDataset.SCHOOLS);
    Set<String> urc = Set.of("111", "112", "121", "122", "123", "210", "220");
    Map<String, Integer> types = new TreeMap<>();
    for (int y = FIRST; y <= LAST; y++) {
      Map<String, Map<String, String>> byId = schoolsOf(schools, y);
      assertTrue(byId.size() > 100 && byId.size() < 250, "about 150 demo schools, got " + byId.size());
      for (Map<String, String> s : byId.values()) {
        assertTrue(s.get("school_id").matches("[0-9]{10}"));
        assertTrue(s.get("county_code").matches("14[0-9]{4}"));
        assertTrue(s.get("school_id").startsWith(s.get("county_code")));
        assertTrue(urc.contains(s.get("urban_rural_code")), s.toString());
        if (y == LAST) types.merge(s.get("school_type"), 1, Integer::sum);
        if (s.get("school_type").equals("teaching_point")) {
          Map<String, String> parent = byId.get(s.get("parent_school_id"));
          assertNotNull(parent, "parent of teaching point " + s.get("school_id") + " exists in " + y);
          assertEquals(s.get("county_code"), parent.get("county_code"));
          assertTrue(Set.of("primary", "nine_year").contains(parent.get("school_type")));
        } else {
          assertTrue(s.get("parent_school_id").isEmpty());
        }
      }
    }
    int primary = types.get("primary");
    for (Map.Entry<String, Integer> e : types.entrySet()) assertTrue(primary >= e.getValue(), "primary most: " + types);
    for (String t : List.of("junior", "nine_year", "teaching_point", "senior")) assertTrue(types.containsKey(t), t + " in " + types);
  }

  @Test
  void enrollmentNamesSchoolsOfItsYearWithGradesOfTheirTypeAndSaneClasses() {
    List<Map<String, String>> schools = rows(demo, DeliveryDataset.SCHOOLS);
    Map<String, int[]> grades = Map.of("primary", new int[] {1, 6}, "junior", new int[] {7, 9},
        "nine_year", new int[] {1, 9}, "complete_secondary", new int[] {7, 12}, "twelve_year", new int[] {1, 12},
        "teaching_point", new int[] {1, 4}, "special", new int[] {1, 9}, "senior", new int[] {10, 12});
    Map<Integer, Map<String, Map<String, String>>> byYear = new HashMap<>();
    for (int y = FIRST; y <= LAST; y++) byYear.put(y, schoolsOf(schools, y));
    Map<String, Integer> smallPoints = new HashMap<>();
    long big = 0;
    long large = 0;
    for (Map<String, String> e : rows(demo, DeliveryDataset.ENROLLMENT)) {
      int y = Integer.parseInt(e.get("school_year"));
      Map<String, String> s = byYear.get(y).get(e.get("school_id"));
      assertNotNull(s, "enrollment row names a school of " + y + ": " + e);
      int g = Integer.parseInt(e.get("grade"));
      int[] range = grades.get(s.get("school_type"));
      assertTrue(g >= range[0] && g <= range[1], s.get("school_type") + " grade " + g);
      int students = Integer.parseInt(e.get("students"));
      int classes = Integer.parseInt(e.get("classes"));
      int c56 = Integer.parseInt(e.get("classes_56_65"));
      int c66 = Integer.parseInt(e.get("classes_66_plus"));
      assertTrue(students > 0 && classes > 0, e.toString());
      assertTrue(c56 + c66 <= classes, e.toString());
      // a class of 56+ needs 56 students, so the big classes cannot hold more pupils than there are
      assertTrue(56L * c56 + 66L * c66 <= students, e.toString());
      assertTrue(Integer.parseInt(e.get("migrant_students")) + Integer.parseInt(e.get("left_behind_students")) <= students);
      assertEquals(g <= 6 ? "primary" : g <= 9 ? "junior" : "senior", e.get("level"));
      if (s.get("school_type").equals("teaching_point") && y == LAST) smallPoints.merge(s.get("school_id"), students, Integer::sum);
      big += c56;
      large += c66;
    }
    assertTrue(big > 0, "some classes of 56-65");
    assertTrue(large < big, "fewer classes of 66+ than of 56-65");
    long under50 = smallPoints.values().stream().filter(n -> n < 50).count();
    assertTrue(under50 * 2 > smallPoints.size(), "teaching points are mostly under 50 pupils");
  }

  @Test
  void cohortsAgeThroughGrades() {
    // grade g of year y+1 against grade g-1 of year y, summed over schools present in both years
    Map<String, Integer> n = new HashMap<>();
    for (Map<String, String> e : rows(demo, DeliveryDataset.ENROLLMENT)) {
      n.put(e.get("school_year") + "/" + e.get("school_id") + "/" + e.get("grade"), Integer.parseInt(e.get("students")));
    }
    long before = 0;
    long after = 0;
    for (Map.Entry<String, Integer> e : n.entrySet()) {
      String[] k = e.getKey().split("/");
      int y = Integer.parseInt(k[0]);
      int g = Integer.parseInt(k[2]);
      Integer next = n.get((y + 1) + "/" + k[1] + "/" + (g + 1));
      if (g == 6 || g == 9 || next == null) continue; // level changes happen at another school
      before += e.getValue();
      after += next;
    }
    double ratio = (double) after / before;
    assertTrue(ratio > 0.9 && ratio < 1.1, "cohort survival " + ratio);
  }

  @Test
  void resourcesOnePerSchoolAndYearWithPositiveAmounts() {
    List<Map<String, String>> schools = rows(demo, DeliveryDataset.SCHOOLS);
    Set<String> seen = new HashSet<>();
    for (Map<String, String> r : rows(demo, DeliveryDataset.RESOURCES)) {
      int y = Integer.parseInt(r.get("school_year"));
      assertNotNull(schoolsOf(schools, y).get(r.get("school_id")), "resources row names a school of " + y);
      assertTrue(seen.add(y + "/" + r.get("school_id")), "one row per school and year");
      assertTrue(Double.parseDouble(r.get("teaching_aux_area_m2")) > 0);
      assertTrue(Double.parseDouble(r.get("sports_area_m2")) > 0);
      assertTrue(Long.parseLong(r.get("equipment_value_yuan")) > 0);
    }
    assertEquals(schools.size(), seen.size());
  }

  // ------------------------------------------------------------------ teachers and flows

  @Test
  void teachersAndFlowsAgreeAcrossYears() {
    List<Map<String, String>> schools = rows(demo, DeliveryDataset.SCHOOLS);
    Map<Integer, Map<String, Map<String, String>>> schoolsByYear = new HashMap<>();
    for (int y = FIRST; y <= LAST; y++) schoolsByYear.put(y, schoolsOf(schools, y));
    Map<Integer, Map<String, Map<String, String>>> roster = new HashMap<>();
    for (int y = FIRST; y <= LAST; y++) roster.put(y, new HashMap<>());
    for (Map<String, String> t : rows(demo, DeliveryDataset.TEACHERS)) {
      int y = Integer.parseInt(t.get("school_year"));
      assertTrue(t.get("teacher_id").matches("T[0-9]{8,}"), t.get("teacher_id"));
      Map<String, String> s = schoolsByYear.get(y).get(t.get("school_id"));
      assertNotNull(s, "teacher row names a school of " + y);
      assertNull(roster.get(y).put(t.get("teacher_id"), t), "one row per teacher and year");
      String type = s.get("school_type");
      String level = t.get("level");
      boolean levelOk = switch (type) {
        case "primary", "teaching_point" -> level.equals("primary");
        case "junior" -> level.equals("junior");
        case "nine_year", "special" -> !level.equals("senior");
        case "complete_secondary" -> !level.equals("primary");
        case "senior" -> level.equals("senior");
        default -> true;
      };
      assertTrue(levelOk, level + " teacher at a " + type);
    }
    // flows of school year y, by teacher
    Map<Integer, Map<String, Map<String, String>>> flows = new HashMap<>();
    for (Map<String, String> f : rows(demo, DeliveryDataset.TEACHER_FLOWS)) {
      int sy = schoolYearOf(f.get("effective_date"));
      assertTrue(sy >= FIRST && sy <= LAST, f.toString());
      String type = f.get("flow_type");
      assertEquals(type.equals("hire"), f.get("from_school_id").isEmpty(), f.toString());
      assertEquals(type.equals("retire") || type.equals("leave"), f.get("to_school_id").isEmpty(), f.toString());
      assertNull(flows.computeIfAbsent(sy, k -> new HashMap<>()).put(f.get("teacher_id"), f), "one flow per teacher and year");
    }
    int stayed = 0;
    int moved = 0;
    for (int y = FIRST; y < LAST; y++) {
      Map<String, Map<String, String>> now = roster.get(y);
      Map<String, Map<String, String>> next = roster.get(y + 1);
      Map<String, Map<String, String>> fy = flows.get(y);
      for (Map.Entry<String, Map<String, String>> e : now.entrySet()) {
        Map<String, String> f = fy.get(e.getKey());
        Map<String, String> later = next.get(e.getKey());
        if (f == null) {
          // no flow: still at the same school one year longer
          assertNotNull(later, "teacher without a flow is in the next roster: " + e.getKey());
          assertEquals(e.getValue().get("school_id"), later.get("school_id"));
          assertEquals(Integer.parseInt(e.getValue().get("years_at_school")) + 1, Integer.parseInt(later.get("years_at_school")));
          stayed++;
        } else if (f.get("to_school_id").isEmpty()) {
          assertNull(later, "a teacher who retired or left is gone");
        } else {
          assertEquals(e.getValue().get("school_id"), f.get("from_school_id"), "flow leaves the teacher's school");
          assertNotNull(later, "moved teacher appears next year");
          assertEquals(f.get("to_school_id"), later.get("school_id"), "a flow's teacher appears next year at to_school_id");
          assertEquals("0", later.get("years_at_school"));
          moved++;
        }
      }
      for (Map.Entry<String, Map<String, String>> e : next.entrySet()) {
        if (now.containsKey(e.getKey())) continue;
        Map<String, String> f = fy.get(e.getKey());
        assertNotNull(f, "a teacher new to the roster was hired");
        assertEquals("hire", f.get("flow_type"));
        assertEquals(f.get("to_school_id"), e.getValue().get("school_id"));
        assertEquals("0", e.getValue().get("years_at_school"));
      }
    }
    assertTrue(stayed > 1000 && moved > 100, "stayed " + stayed + ", moved " + moved);
  }

  @Test
  void exchangeRatesAreAroundTheStandard() {
    // exchanged / eligible per county and school year: about 8-15% by construction
    Map<String, String> countyOfSchool = new HashMap<>();
    for (Map<String, String> s : rows(demo, DeliveryDataset.SCHOOLS)) countyOfSchool.put(s.get("school_id"), s.get("county_code"));
    Map<String, Integer> eligible = new HashMap<>();
    for (Map<String, String> t : rows(demo, DeliveryDataset.TEACHERS)) {
      if (Integer.parseInt(t.get("years_at_school")) >= 6 && t.get("full_time").equals("true")) {
        eligible.merge(t.get("school_year") + "/" + countyOfSchool.get(t.get("school_id")), 1, Integer::sum);
      }
    }
    Map<String, Integer> exchanged = new HashMap<>();
    boolean urbanToRuralSupport = false;
    for (Map<String, String> f : rows(demo, DeliveryDataset.TEACHER_FLOWS)) {
      String type = f.get("flow_type");
      if (!type.equals("rotation") && !type.equals("support")) continue;
      exchanged.merge(schoolYearOf(f.get("effective_date")) + "/" + countyOfSchool.get(f.get("from_school_id")), 1, Integer::sum);
      urbanToRuralSupport |= type.equals("support");
    }
    assertTrue(urbanToRuralSupport);
    for (Map.Entry<String, Integer> e : eligible.entrySet()) {
      double rate = exchanged.getOrDefault(e.getKey(), 0) / (double) e.getValue();
      assertTrue(rate > 0.03 && rate < 0.22, e.getKey() + " exchange rate " + rate);
    }
  }

  // ------------------------------------------------------------------ funding and student changes

  @Test
  void fundingCoversTheYearBeforeAndMonthsSumToTheYear() {
    Map<String, double[]> annual = new HashMap<>();
    for (Map<String, String> f : rows(demo, DeliveryDataset.FUNDING)) {
      for (String c : DeliveryDataset.FUNDING.header()) assertFalse(f.get(c).isEmpty(), c + " supplied");
      annual.put(f.get("fiscal_year") + "/" + f.get("county_code"),
          new double[] {Double.parseDouble(f.get("recurrent_revenue_10k_yuan")), Double.parseDouble(f.get("education_appropriation_10k_yuan"))});
    }
    assertEquals(4 * (LAST - FIRST + 2), annual.size(), "4 counties x fiscal years 2021..2024");
    Map<String, double[]> monthly = new HashMap<>();
    Map<String, Integer> months = new HashMap<>();
    for (Map<String, String> m : rows(demo, DeliveryDataset.FUNDING_MONTHLY)) {
      String k = m.get("year") + "/" + m.get("county_code");
      double[] s = monthly.computeIfAbsent(k, x -> new double[2]);
      s[0] += Double.parseDouble(m.get("recurrent_revenue_10k_yuan"));
      s[1] += Double.parseDouble(m.get("education_appropriation_10k_yuan"));
      months.merge(k, 1, Integer::sum);
    }
    assertEquals(annual.keySet(), monthly.keySet());
    for (String k : annual.keySet()) {
      assertEquals(12, months.get(k));
      for (int i = 0; i < 2; i++) {
        double ratio = monthly.get(k)[i] / annual.get(k)[i];
        assertTrue(ratio > 0.95 && ratio < 1.05, k + " months sum to " + ratio + " of the year");
      }
    }
  }

  @Test
  void studentChangesNameSchoolsOfTheirSchoolYear() {
    List<Map<String, String>> schools = rows(demo, DeliveryDataset.SCHOOLS);
    Map<Integer, Map<String, Map<String, String>>> byYear = new HashMap<>();
    for (int y = FIRST; y <= LAST; y++) byYear.put(y, schoolsOf(schools, y));
    Set<String> types = new HashSet<>();
    for (Map<String, String> c : rows(demo, DeliveryDataset.STUDENT_CHANGES)) {
      int year = Integer.parseInt(c.get("year"));
      int month = Integer.parseInt(c.get("month"));
      int sy = month >= 9 ? year : year - 1;
      assertNotNull(byYear.get(sy), "change in a delivered school year: " + c);
      assertNotNull(byYear.get(sy).get(c.get("school_id")), "change names a school of school year " + sy);
      assertTrue(Integer.parseInt(c.get("students")) > 0);
      types.add(c.get("change_type"));
    }
    assertEquals(Set.of("transfer_in", "transfer_out", "dropout", "suspend", "resume"), types);
  }

  // ------------------------------------------------------------------ layouts

  /** A layout cuts the same rows into other files: one per county, or one per dataset and year. */
  @Test
  void everyLayoutHoldsTheSameRowsInItsOwnFiles() {
    Path perCounty = tmp.resolve("per-county");
    Path perDataset = tmp.resolve("per-dataset");
    assertEquals(0, Main.run(new String[] {"generate", "--out", perCounty.toString(), "--years", FIRST + "-" + LAST,
        "--seed", "7", "--layout", "per-county"}));
    assertEquals(0, Main.run(new String[] {"generate", "--out", perDataset.toString(), "--years", FIRST + "-" + LAST,
        "--seed", "7", "--layout", "per-dataset"}));
    // The demo's four counties (迎泽区 140106, 清徐县 140121, 阳曲县 140122, 古交市 140181), one file each.
    for (String county : List.of("140106", "140121", "140122", "140181")) {
      assertTrue(Files.exists(perCounty.resolve("teachers/2024/" + county + ".csv")), county);
    }
    for (DeliveryDataset ds : DeliveryDataset.values()) {
      List<Map<String, String>> expected = sorted(rows(demo, ds));
      assertEquals(expected, sorted(rows(perCounty, ds)), ds.dirName() + " per county");
      assertEquals(expected, sorted(rows(perDataset, ds)), ds.dirName() + " per dataset");
      // Per dataset: in each directory that holds files (a year's, or divisions' own), exactly <dataset>.csv.
      for (Path f : csvFiles(perDataset.resolve(ds.dirName()))) {
        assertEquals(ds.dirName() + ".csv", f.getFileName().toString(), f.toString());
      }
    }
    // teachers: one file per school year 2022-2024.
    assertEquals(LAST - FIRST + 1, csvFiles(perDataset.resolve("teachers")).size());
    assertEquals(2, Main.run(new String[] {"generate", "--out", tmp.resolve("bad-layout").toString(), "--layout", "per-school"}));
  }

  private static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> r : rows) out.add(new TreeMap<>(r));
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return out;
  }

  // ------------------------------------------------------------------ command line

  @Test
  void usageErrorsExitTwo() {
    String out = tmp.resolve("cli").toString();
    assertEquals(2, Main.run(new String[] {"generate", "--scale", "huge", "--out", out}));
    assertEquals(2, Main.run(new String[] {"generate", "--scale", "demo"}));
    assertEquals(2, Main.run(new String[] {"generate", "--out", out, "--years", "2024-2015"}));
    assertEquals(2, Main.run(new String[] {"generate", "--out", out, "--years", "twenty"}));
    assertEquals(2, Main.run(new String[] {"generate", "--out", out, "--seed", "x"}));
    assertFalse(Files.exists(tmp.resolve("cli").resolve("schools")));
  }

  @Test
  void commandLineWritesOneYearAndRefusesToOverwrite() {
    String out = tmp.resolve("cli1").toString();
    assertEquals(0, Main.run(new String[] {"generate", "--out", out, "--years", "2024", "--seed", "3"}));
    List<Map<String, String>> schools = rows(Path.of(out), DeliveryDataset.SCHOOLS);
    assertTrue(schools.stream().allMatch(s -> s.get("school_year").equals("2024")));
    assertEquals(1, Main.run(new String[] {"generate", "--out", out}), "existing delivery is not overwritten");
    assertEquals(0, Main.run(new String[] {"generate", "--out", out, "--years", "2024", "--overwrite"}));
    assertThrows(IllegalArgumentException.class, () -> DeliveryGenerator.generate(Path.of(out), "demo", 2024, 2024, 1));
  }
}
