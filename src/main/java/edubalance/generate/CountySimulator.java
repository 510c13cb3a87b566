package edubalance.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One county through the school years: its schools, their grades and classes, resources and
 * teachers, simulated year by year and streamed to the city's {@link Sink}.
 *
 * <p>Year y writes the schools, enrollment, resources and teacher roster at the start of school
 * year y and the student changes of its months (Sep y .. Aug y+1); then the school year is lived:
 * teachers retire, leave, rotate, go on support, transfer and are hired (teacher_flows dated inside
 * school year y, mostly late August y+1 or September y), students age one grade, small teaching
 * points close into their central school. The roster of y+1 is the result, so flows and rosters
 * agree. All randomness comes from generators split, in a fixed order, from one seeded per county.
 */
final class CountySimulator {
  // Levels (index into LEVELS), degrees, titles and subjects: contract codes.
  static final String[] LEVELS = {"primary", "junior", "senior"};
  static final String[] DEGREES = {"postgraduate", "bachelor", "associate", "secondary", "high_school_or_below"};
  static final String[] TITLES = {"senior_professor", "senior", "first", "second", "third", "none"};
  static final String[] SUBJECTS = {"chinese", "math", "english", "pe", "music", "art", "it", "science", "other"};
  private static final int PG = 0, BA = 1, AS = 2, SEC = 3, HS = 4;
  private static final int T_PROF = 0, T_SENIOR = 1, T_FIRST = 2, T_SECOND = 3, T_THIRD = 4, T_NONE = 5;
  private static final int U = 0, T = 1, R = 2; // urban, town, rural area of a school

  /** School types of the contract with their grade ranges. */
  enum Type {
    primary(1, 6), junior(7, 9), nine_year(1, 9), complete_secondary(7, 12), twelve_year(1, 12),
    teaching_point(1, 4), special(1, 9), senior(10, 12);

    final int lo;
    final int hi;

    Type(int lo, int hi) {
      this.lo = lo;
      this.hi = hi;
    }
  }

  /**
   * Births in China by year (millions, National Bureau of Statistics): the size of the cohort
   * entering grade 1 six years later. Drives intake, so enrollment follows the 2016 peak and the
   * decline after it.
   */
  private static final int BIRTHS_FIRST = 2003;
  private static final double[] BIRTHS = {15.99, 15.93, 16.17, 15.85, 15.94, 16.08, 15.91, 15.92,
      16.04, 16.35, 16.40, 16.87, 16.55, 17.86, 17.23, 15.23, 14.65, 12.02, 10.62, 9.56, 9.02, 9.54};

  static double births(int year) {
    int i = Math.max(0, Math.min(BIRTHS.length - 1, year - BIRTHS_FIRST));
    return BIRTHS[i];
  }

  static int levelOfGrade(int g) {
    return g <= 6 ? 0 : g <= 9 ? 1 : 2;
  }

  static final class School {
    int idx;
    final String id;
    final String name;
    final Type type;
    final int urc;
    final boolean priv;
    final School parent;
    final int lo;
    final int hi;
    int[] n = new int[13];
    final int[] classes = new int[13];
    final int[] c56 = new int[13];
    final int[] c66 = new int[13];
    final int[] target = new int[3];
    double crowd;
    double staffQ;
    double qEq;
    double qComp;
    double qBooks;
    double qRooms;
    double mmCov;
    int labs;
    double aux;
    double sports;
    double auxPer;
    double sportsPer;
    double basisW;
    long equipment;
    long computers;
    long books;
    int mm;
    int music;
    int art;
    boolean closing;
    int teachingPoints;

    School(int idx, String id, String name, Type type, int urc, boolean priv, School parent, int lo, int hi) {
      this.idx = idx;
      this.id = id;
      this.name = name;
      this.type = type;
      this.urc = urc;
      this.priv = priv;
      this.parent = parent;
      this.lo = lo;
      this.hi = hi;
    }

    int area() {
      return urc < 120 ? U : urc < 200 ? T : R;
    }

    boolean hasLevel(int l) {
      return levelOfGrade(lo) <= l && l <= levelOfGrade(hi);
    }

    int students() {
      int s = 0;
      for (int g = lo; g <= hi; g++) s += n[g];
      return s;
    }

    int students(int level) {
      int s = 0;
      for (int g = lo; g <= hi; g++) if (levelOfGrade(g) == level) s += n[g];
      return s;
    }

    int classes(int level) {
      int s = 0;
      for (int g = lo; g <= hi; g++) if (levelOfGrade(g) == level) s += classes[g];
      return s;
    }

    int totalClasses() {
      int s = 0;
      for (int g = lo; g <= hi; g++) s += classes[g];
      return s;
    }

    /** Students weighted 1 : 1.1 : 1.32 by level, the basis assets are sized on. */
    double weighted() {
      return students(0) + 1.1 * students(1) + 1.32 * students(2);
    }
  }

  static final class Teacher {
    final String id;
    School school;
    final int level;
    final int birth;
    final int retireAge;
    int career;
    int years;
    int degree;
    int title;
    boolean backbone;
    final int subject;
    final boolean fullTime;
    boolean gone;
    School dest;
    /** For a teacher on support (支教): the school to return to, and the school year of the return. */
    School home;
    int returnYear;

    Teacher(String id, School school, int level, int birth, int retireAge, int subject, boolean fullTime) {
      this.id = id;
      this.school = school;
      this.level = level;
      this.birth = birth;
      this.retireAge = retireAge;
      this.subject = subject;
      this.fullTime = fullTime;
    }
  }

  private final Divisions.County county;
  private final double schoolFactor;
  private final int first;
  private final int last;
  private final long seed;
  private final Sink sink;
  private final SplittableRandom rs; // schools, enrollment, resources
  private final SplittableRandom rt; // teachers and flows
  private final SplittableRandom rc; // student changes
  private final SplittableRandom rf; // funding
  private final List<School> schools = new ArrayList<>();
  private List<Teacher> teachers = new ArrayList<>();
  private int schoolSeq;
  private int teacherSeq;
  private final double exchangeRate;
  private final double supportShare;
  private String prefix;

  CountySimulator(Divisions.County county, long seed, double schoolFactor, int first, int last, Sink sink) {
    this.county = county;
    this.seed = seed;
    this.schoolFactor = schoolFactor;
    this.first = first;
    this.last = last;
    this.sink = sink;
    SplittableRandom root = new SplittableRandom(mix(seed, Long.parseLong(county.code())));
    this.rs = root.split();
    this.rt = root.split();
    this.rc = root.split();
    this.rf = root.split();
    // About 8-15% of eligible teachers exchange each year; a county keeps its habit.
    this.exchangeRate = 0.08 + 0.07 * root.nextDouble();
    this.supportShare = 0.2 + 0.25 * root.nextDouble();
  }

  /** A 64-bit mix of seed and key (SplitMix64 finaliser), so neighbouring codes get unrelated streams. */
  static long mix(long seed, long key) {
    long z = seed * 0x9E3779B97F4A7C15L + key * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  void run() {
    prefix = county.name().length() <= 2 && county.name().endsWith("区")
        ? county.cityName() + county.name() : county.name();
    createSchools(first);
    for (School s : schools) computeClasses(s, first);
    for (School s : schools) initResources(s, first);
    computeTargets();
    for (School s : schools) initTeachers(s, first);
    FundingSimulator.write(county, totalStudents(), kindIndex(), rf, seed, first, last, sink);
    for (int y = first; y <= last; y++) {
      writeYear(y);
      writeStudentChanges(y);
      // live school year y: students age, teachers move; the state becomes school year y+1
      List<School> closing = pickClosures();
      ageEnrollment(y);
      for (School s : schools) if (!s.closing) computeClasses(s, y + 1);
      computeTargets();
      flows(y);
      if (!closing.isEmpty()) {
        schools.removeIf(s -> s.closing);
        for (int i = 0; i < schools.size(); i++) schools.get(i).idx = i;
      }
      for (School s : schools) updateResources(s, y + 1);
      careers(y + 1);
    }
  }

  private int kindIndex() {
    return county.kind() == 'U' ? U : county.kind() == 'S' ? T : R;
  }

  private int totalStudents() {
    int s = 0;
    for (School x : schools) s += x.students();
    return s;
  }

  // ---------------------------------------------------------------- schools

  private double u(SplittableRandom r, double a, double b) {
    return a + (b - a) * r.nextDouble();
  }

  private double logU(SplittableRandom r, double a, double b) {
    return Math.exp(u(r, Math.log(a), Math.log(b)));
  }

  private static int pick(SplittableRandom r, double[] w) {
    double sum = 0;
    for (double x : w) sum += x;
    double v = r.nextDouble() * sum;
    for (int i = 0; i < w.length; i++) {
      v -= w[i];
      if (v < 0) return i;
    }
    return w.length - 1;
  }

  private static final int[] URC = {111, 112, 121, 122, 123, 210, 220};

  /** NBS urban-rural code of a new school, by county kind and school type. */
  private int urbanRural(Type t) {
    char k = county.kind();
    double[] w;
    if (t == Type.teaching_point) {
      w = new double[] {0, 0, 0, 0, 0, 0.2, 0.8};
    } else if (t == Type.senior || t == Type.complete_secondary || t == Type.twelve_year || t == Type.special) {
      w = k == 'U' ? new double[] {0.7, 0.25, 0.05, 0, 0, 0, 0}
          : k == 'S' ? new double[] {0.45, 0.2, 0.3, 0.05, 0, 0, 0}
          : new double[] {0.15, 0.05, 0.65, 0.12, 0.03, 0, 0};
    } else if (t == Type.junior) {
      w = k == 'U' ? new double[] {0.6, 0.25, 0.07, 0.03, 0, 0.05, 0}
          : k == 'S' ? new double[] {0.25, 0.15, 0.25, 0.08, 0.02, 0.22, 0.03}
          : new double[] {0.06, 0.02, 0.32, 0.08, 0.02, 0.42, 0.08};
    } else {
      w = k == 'U' ? new double[] {0.62, 0.25, 0.05, 0.03, 0, 0.03, 0.02}
          : k == 'S' ? new double[] {0.24, 0.15, 0.18, 0.07, 0.01, 0.17, 0.18}
          : new double[] {0.07, 0.02, 0.2, 0.06, 0.01, 0.28, 0.36};
    }
    return URC[pick(rs, w)];
  }

  private void createSchools(int y) {
    char k = county.kind();
    double size = Math.max(0.55, Math.min(1.8, Math.exp(0.3 * rs.nextGaussian())));
    double base = k == 'U' ? 60 : k == 'S' ? 85 : 92;
    int n = Math.max(8, (int) Math.round(base * size * schoolFactor));
    // shares of primary, junior, nine_year, complete_secondary, twelve_year, teaching_point, senior
    double[] mix = k == 'U' ? new double[] {0.52, 0.17, 0.09, 0.05, 0.02, 0.05, 0.10}
        : k == 'S' ? new double[] {0.46, 0.13, 0.08, 0.04, 0.01, 0.22, 0.06}
        : new double[] {0.42, 0.11, 0.08, 0.03, 0.01, 0.32, 0.03};
    Type[] order = {Type.primary, Type.junior, Type.nine_year, Type.complete_secondary,
        Type.twelve_year, Type.teaching_point, Type.senior};
    int[] counts = new int[order.length];
    for (int i = 0; i < order.length; i++) counts[i] = (int) Math.round(n * mix[i] * u(rs, 0.85, 1.15));
    counts[0] = Math.max(counts[0], 2);
    counts[1] = Math.max(counts[1], 1);
    counts[6] = Math.max(counts[6], 1);
    Names names = new Names(prefix);
    List<School> centrals = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      if (order[i] == Type.teaching_point) continue;
      for (int j = 0; j < counts[i]; j++) {
        School s = newSchool(order[i], names, null, y);
        if ((s.type == Type.primary || s.type == Type.nine_year) && s.area() >= T && !s.priv) centrals.add(s);
      }
    }
    if (rs.nextDouble() < 0.85) newSchool(Type.special, names, null, y);
    if (centrals.isEmpty()) {
      for (School s : schools) if (s.type == Type.primary || s.type == Type.nine_year) centrals.add(s);
    }
    // Teaching points hang off rural central schools (乡中心校) preferably.
    List<School> rural = new ArrayList<>();
    for (School s : centrals) if (s.area() == R) rural.add(s);
    List<School> parents = rural.isEmpty() ? centrals : rural;
    for (int j = 0; j < counts[5]; j++) {
      School parent = parents.get(rs.nextInt(parents.size()));
      newSchool(Type.teaching_point, names, parent, y);
    }
  }

  private School newSchool(Type type, Names names, School parent, int y) {
    int urc = urbanRural(type);
    int area = urc < 120 ? U : urc < 200 ? T : R;
    double pPriv = switch (type) {
      case teaching_point, special -> 0;
      case senior -> 0.15;
      default -> county.kind() == 'U' ? 0.14 : county.kind() == 'S' ? 0.08 : 0.04;
    };
    boolean priv = rs.nextDouble() < pPriv && area != R;
    int hi = type == Type.teaching_point ? (rs.nextDouble() < 0.55 ? 3 : 4) : type.hi;
    String id = county.code() + String.format("%04d", ++schoolSeq);
    String name = names.name(type, urc, priv, parent);
    School s = new School(schools.size(), id, name, type, urc, priv, parent, type.lo, hi);
    if (parent != null) parent.teachingPoints++;
    schools.add(s);
    // total students by type and area (log-uniform ranges)
    double[][] range = switch (type) {
      case primary -> new double[][] {{700, 2200}, {300, 1100}, {urc == 220 ? 30 : 100, urc == 220 ? 200 : 500}};
      case junior -> new double[][] {{700, 1900}, {400, 1300}, {120, 600}};
      case nine_year -> new double[][] {{1100, 2600}, {500, 1500}, {80, 500}};
      case complete_secondary -> new double[][] {{1500, 3000}, {1000, 2400}, {500, 1300}};
      case twelve_year -> new double[][] {{1600, 3400}, {1000, 2200}, {400, 1200}};
      case teaching_point -> new double[][] {{6, 90}, {6, 90}, {5, 80}};
      case special -> new double[][] {{60, 240}, {40, 180}, {30, 120}};
      case senior -> new double[][] {{1300, 3000}, {1000, 2500}, {500, 1500}};
    };
    double total = logU(rs, range[area][0], range[area][1]) * (priv ? 0.7 : 1.0);
    double norm = 0;
    for (int g = s.lo; g <= s.hi; g++) norm += births(y - 5 - g);
    for (int g = s.lo; g <= s.hi; g++) {
      double share = births(y - 5 - g) / norm;
      s.n[g] = stochasticRound(rs, total * share * u(rs, 0.9, 1.1));
    }
    // crowding: urban schools run large classes, a few very large
    s.crowd = area == U ? u(rs, 0.84, 1.2) : area == T ? u(rs, 0.85, 1.12) : u(rs, 0.8, 1.05);
    s.staffQ = u(rs, 0.9, 1.12);
    return s;
  }

  private static int stochasticRound(SplittableRandom r, double x) {
    if (x <= 0) return 0;
    double f = Math.floor(x);
    return (int) f + (r.nextDouble() < x - f ? 1 : 0);
  }

  /** Target students per class of a school's level in year y; urban sizes fall as 大班额 is phased out. */
  private double classTarget(School s, int level, int y) {
    if (s.type == Type.special) return 10;
    int t = y - 2015;
    double base = switch (s.area()) {
      case U -> level == 0 ? Math.max(45, 57 - 1.4 * t) : level == 1 ? Math.max(48, 60 - 1.4 * t) : Math.max(50, 58 - 1.0 * t);
      case T -> level == 0 ? Math.max(43, 50 - 0.8 * t) : level == 1 ? Math.max(46, 54 - 0.8 * t) : 52;
      default -> level == 0 ? 38 : level == 1 ? 45 : 50;
    };
    return base * s.crowd;
  }

  private void computeClasses(School s, int y) {
    Arrays.fill(s.classes, 0);
    Arrays.fill(s.c56, 0);
    Arrays.fill(s.c66, 0);
    for (int g = s.lo; g <= s.hi; g++) {
      int st = s.n[g];
      if (st <= 0) continue;
      if (s.type == Type.teaching_point) {
        s.classes[g] = 1;
        continue;
      }
      int c = Math.max(1, (int) Math.round(st / classTarget(s, levelOfGrade(g), y)));
      s.classes[g] = c;
      double avg = (double) st / c;
      if (avg < 50) continue; // no class reaches 56 when the mean is this low and the spread ±6
      double spread = Math.min(6, avg * 0.12);
      double[] d = new double[c];
      double mean = 0;
      for (int i = 0; i < c; i++) {
        d[i] = u(rs, -spread, spread);
        mean += d[i] / c;
      }
      for (int i = 0; i < c; i++) {
        // floor: every class counted 56+ really holds 56, so the counts never exceed the pupils
        long size = (long) Math.floor(avg + d[i] - mean);
        if (size >= 66) s.c66[g]++;
        else if (size >= 56) s.c56[g]++;
      }
    }
  }

  private void computeTargets() {
    for (School s : schools) {
      Arrays.fill(s.target, 0);
      if (s.closing) continue;
      for (int l = 0; l < 3; l++) {
        if (!s.hasLevel(l)) continue;
        int st = s.students(l);
        int cl = s.classes(l);
        if (st == 0) continue;
        double ratio;
        double perClass;
        if (s.type == Type.special) {
          ratio = 3.5;
          perClass = 1.2;
        } else if (s.type == Type.teaching_point) {
          ratio = 12;
          perClass = 0.8;
        } else {
          ratio = switch (l) {
            case 0 -> s.area() == U ? 17.5 : s.area() == T ? 15.5 : 12.5;
            case 1 -> s.area() == U ? 12.5 : s.area() == T ? 11.5 : 10.5;
            default -> 12.5;
          };
          perClass = l == 0 ? 1.7 : l == 1 ? 2.8 : 3.0;
        }
        s.target[l] = Math.max(1, (int) Math.ceil(Math.max(st / ratio * s.staffQ, cl * perClass)));
      }
    }
  }

  private void ageEnrollment(int y) {
    for (School s : schools) {
      int[] next = new int[13];
      double shift = s.type == Type.teaching_point ? 0.93
          : s.area() == U ? (s.priv ? 1.0 : 1.02) : s.area() == T ? 1.0 : 0.96;
      double survive = s.area() == U ? 1.005 : s.area() == T ? 0.995 : 0.975;
      double intake = births(y + 1 - 5 - s.lo) / births(y - 5 - s.lo);
      next[s.lo] = stochasticRound(rs, s.n[s.lo] * intake * shift * (1 + 0.04 * rs.nextGaussian()));
      if (s.type == Type.special) next[s.lo] = Math.max(next[s.lo], rs.nextInt(3) + 2);
      for (int g = s.lo + 1; g <= s.hi; g++) {
        double f = survive * (1 + 0.03 * rs.nextGaussian());
        if (g == 7) f *= 0.97; // some leave a through school for a junior school in town
        if (g == 10) f *= 0.95;
        next[g] = stochasticRound(rs, s.n[g - 1] * f);
      }
      s.n = next;
    }
    // a closing teaching point's pupils move to its central school
    for (School s : schools) {
      if (!s.closing) continue;
      for (int g = s.lo; g <= s.hi; g++) s.parent.n[g] += s.n[g];
    }
  }

  /** Small teaching points close (撤点并校) now and then; their pupils and teachers join the parent. */
  private List<School> pickClosures() {
    List<School> out = new ArrayList<>();
    for (School s : schools) {
      if (s.type != Type.teaching_point) continue;
      int n = s.students();
      if (n < 5 || (n < 15 && rs.nextDouble() < 0.3)) {
        s.closing = true;
        out.add(s);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- resources

  private void initResources(School s, int y) {
    int a = s.area();
    boolean tp = s.type == Type.teaching_point;
    double small = s.students() < 100 ? 1.4 : 1.0;
    double qAux = a == U ? logU(rs, 0.7, 1.25) : a == T ? logU(rs, 0.85, 1.5) : logU(rs, 0.9, 2.4) * small;
    double qSports = a == U ? logU(rs, 0.5, 1.35) : a == T ? logU(rs, 0.8, 1.6) : logU(rs, 0.9, 2.8) * small;
    s.qEq = tp ? logU(rs, 0.3, 0.9) : a == U ? logU(rs, 0.95, 1.9) : a == T ? logU(rs, 0.75, 1.4) : logU(rs, 0.5, 1.25);
    s.qComp = tp ? logU(rs, 0.3, 1.0) : a == U ? logU(rs, 0.9, 1.6) : a == T ? logU(rs, 0.7, 1.3) : logU(rs, 0.5, 1.2);
    s.qBooks = a == U ? logU(rs, 0.9, 1.5) : a == T ? logU(rs, 0.8, 1.3) : logU(rs, 0.6, 1.2);
    s.qRooms = a == U ? u(rs, 0.6, 1.4) : a == T ? u(rs, 0.5, 1.2) : u(rs, 0.3, 1.0);
    s.mmCov = tp ? u(rs, 0.0, 0.6) : a == U ? u(rs, 0.85, 1.0) : a == T ? u(rs, 0.7, 0.95) : u(rs, 0.5, 0.9);
    s.labs = tp ? 0 : a == U ? 2 + rs.nextInt(7) : a == T ? 1 + rs.nextInt(4) : rs.nextInt(3);
    // areas per student of each level, around the 2017 quality standards (4.5 / 5.8 and 7.5 / 10.2)
    s.auxPer = qAux;
    s.sportsPer = qSports;
    s.aux = (s.students(0) * 4.5 + s.students(1) * 5.8 + s.students(2) * 6.5) * qAux + (tp ? 60 : 0);
    s.sports = (s.students(0) * 7.5 + s.students(1) * 10.2 + s.students(2) * 11) * qSports + (tp ? 150 : 0);
    s.basisW = s.weighted();
    s.equipment = 0;
    s.computers = 0;
    s.books = 0;
    updateResources(s, y);
  }

  private void updateResources(School s, int y) {
    double w = s.weighted();
    int t = y - 2019;
    // new buildings when a school has outgrown the one it was sized for
    if (w > s.basisW * 1.12 && rs.nextDouble() < 0.35) {
      s.aux += (w - s.basisW) * 4.8 * s.auxPer * u(rs, 0.8, 1.2);
      if (rs.nextDouble() < 0.5) s.sports += (w - s.basisW) * 8 * s.sportsPer * u(rs, 0.5, 1.0);
      s.basisW = w;
    }
    double eqPer = (s.students(0) * 2000 + s.students(1) * 2500 + s.students(2) * 3000) * s.qEq
        * Math.pow(1.06, t) * u(rs, 0.97, 1.03);
    s.equipment = Math.max(Math.round(s.equipment * 0.97), Math.round(eqPer) + (s.type == Type.teaching_point ? 20000 : 0));
    double comp = (s.students(0) * 0.12 + s.students(1) * 0.15 + s.students(2) * 0.18) * s.qComp * Math.pow(1.04, t);
    s.computers = Math.max(Math.round(s.computers * 0.95), Math.round(comp) + (s.type == Type.teaching_point ? 1 : 0));
    double books = (s.students(0) * 25 + s.students(1) * 35 + s.students(2) * 40) * s.qBooks * Math.pow(1.02, t);
    s.books = Math.max(Math.round(s.books * 0.99), Math.round(books));
    int classes = s.totalClasses();
    double cov = Math.min(1.0, s.mmCov + 0.04 * (y - first));
    s.mm = (int) Math.round(classes * cov) + s.labs;
    if (s.type == Type.teaching_point) {
      s.music = 0;
      s.art = 0;
    } else {
      s.music = (int) Math.round(classes / 12.0 * s.qRooms);
      s.art = (int) Math.round(classes / 12.0 * s.qRooms * 0.95);
      if (s.area() != R) {
        s.music = Math.max(1, s.music);
        s.art = Math.max(1, s.art);
      }
    }
  }

  // ---------------------------------------------------------------- teachers

  private String newTeacherId() {
    return "T" + county.code() + String.format("%05d", ++teacherSeq);
  }

  private void initTeachers(School s, int y) {
    for (int l = 0; l < 3; l++) {
      double over = s.area() == R ? u(rs, 1.0, 1.12) : u(rs, 0.95, 1.05);
      int n = (int) Math.round(s.target[l] * over);
      if (s.target[l] > 0) n = Math.max(1, n);
      for (int i = 0; i < n; i++) teachers.add(newTeacher(s, l, y, true));
    }
  }

  private Teacher newTeacher(School s, int level, int y, boolean initial) {
    SplittableRandom r = rt;
    int a = s.type == Type.teaching_point ? R : s.area();
    int retireAge = r.nextDouble() < 0.45 ? 55 : 60;
    int age;
    if (initial) {
      // half uniform, half peaked in mid-career; rural staff older
      double v = r.nextDouble() < 0.5 ? r.nextDouble() : (r.nextDouble() + r.nextDouble()) / 2;
      v = Math.pow(v, a == U ? 1.15 : a == T ? 1.0 : 0.8);
      age = 22 + (int) ((retireAge - 22) * v);
    } else {
      age = 22 + r.nextInt(9);
    }
    int subject = pick(r, subjectWeights(s, level, a));
    boolean fullTime = r.nextDouble() < (s.priv ? 0.9 : s.type == Type.teaching_point ? 0.94 : 0.975);
    Teacher t = new Teacher(newTeacherId(), s, level, y - age, retireAge, subject, fullTime);
    t.career = initial ? Math.max(0, age - 22 - r.nextInt(3)) : 0;
    double meanYears = a == U ? 8 : a == T ? 9.5 : 11;
    t.years = initial ? Math.min(t.career, (int) (-meanYears * Math.log(1 - r.nextDouble()))) : 0;
    // degree: younger and urban teachers hold higher degrees
    double pBach = switch (level) {
      case 0 -> a == U ? 0.8 : a == T ? 0.66 : 0.5;
      case 1 -> a == U ? 0.94 : a == T ? 0.86 : 0.74;
      default -> 0.97;
    };
    if (!initial) pBach = Math.min(0.97, pBach + 0.15);
    pBach = Math.max(0.15, Math.min(0.99, pBach - 0.012 * (age - 38)));
    if (r.nextDouble() < pBach) {
      double pPg = (level == 0 ? 0.06 : level == 1 ? 0.1 : 0.13) * (a == U ? 1 : a == T ? 0.5 : 0.12)
          * (age < 40 ? 1.5 : 0.5);
      t.degree = r.nextDouble() < pPg ? PG : BA;
    } else {
      double v = r.nextDouble();
      t.degree = v < 0.8 - Math.max(0, age - 45) * 0.02 ? AS : v < 0.97 ? SEC : HS;
    }
    t.title = initial ? initialTitle(t, s, a) : T_NONE;
    double pBackbone = t.career < 6 ? 0 : (a == U ? 0.26 : a == T ? 0.17 : 0.09)
        * (s.type == Type.teaching_point ? 0.5 : 1) * (t.title <= T_SENIOR ? 1.3 : 1);
    t.backbone = initial && r.nextDouble() < pBackbone;
    return t;
  }

  private int initialTitle(Teacher t, School s, int a) {
    SplittableRandom r = rt;
    if (s.priv && r.nextDouble() < 0.25) return T_NONE;
    int c = t.career;
    if (c == 0) return T_NONE;
    if (c <= 3) {
      double v = r.nextDouble();
      return v < 0.75 ? T_SECOND : v < 0.9 ? T_THIRD : T_NONE;
    }
    if (c <= 10) return r.nextDouble() < 0.04 * c ? T_FIRST : T_SECOND;
    double pSenior = (t.level == 0 ? (a == U ? 0.12 : a == T ? 0.09 : 0.06) : t.level == 1
        ? (a == U ? 0.24 : a == T ? 0.18 : 0.13) : 0.3) * (c > 20 ? 1.6 : 1);
    double v = r.nextDouble();
    if (c > 20 && v < 0.003) return T_PROF;
    if (v < pSenior) return T_SENIOR;
    return v < 0.78 ? T_FIRST : T_SECOND;
  }

  private static double[] subjectWeights(School s, int level, int a) {
    // chinese, math, english, pe, music, art, it, science, other
    if (s.type == Type.special) return new double[] {20, 15, 2, 8, 8, 9, 2, 0, 36};
    if (level == 0) {
      return a == R ? new double[] {34, 28, 6, 5, 2.5, 2.5, 1.5, 5, 15.5}
          : new double[] {30, 24, 8, 7, 5, 5, 3, 6, 12};
    }
    return a == R ? new double[] {16, 16, 14, 6, 2.5, 2.5, 3, 20, 20}
        : new double[] {15, 15, 14, 7, 4, 4, 4, 20, 17};
  }

  /** Promotions, in-service degrees and backbone designations between two school years. */
  private void careers(int y) {
    SplittableRandom r = rt;
    for (Teacher t : teachers) {
      t.career++;
      int a = t.school.type == Type.teaching_point ? R : t.school.area();
      double v = r.nextDouble();
      switch (t.title) {
        case T_NONE -> {
          if (v < 0.85 && !(t.school.priv && v > 0.6)) t.title = T_SECOND;
        }
        case T_THIRD -> {
          if (v < 0.3) t.title = T_SECOND;
        }
        case T_SECOND -> {
          if (t.career >= 6 && v < 0.15) t.title = T_FIRST;
        }
        case T_FIRST -> {
          double p = (a == U ? 0.045 : a == T ? 0.035 : 0.025) + (t.level > 0 ? 0.015 : 0);
          if (t.career >= 14 && v < p) t.title = T_SENIOR;
        }
        case T_SENIOR -> {
          if (t.career >= 25 && v < 0.002) t.title = T_PROF;
        }
        default -> { }
      }
      double w = r.nextDouble();
      if (t.degree == AS && y - t.birth < 50 && w < 0.03) t.degree = BA;
      else if (t.degree == SEC && w < 0.05) t.degree = AS;
      else if (t.degree == HS && w < 0.05) t.degree = SEC;
      double b = r.nextDouble();
      // designations against a 2% yearly loss (and retirements) keep about a fifth of urban and a
      // tenth of rural teachers backbone
      if (!t.backbone && t.career >= 6 && b < (a == U ? 0.025 : a == T ? 0.018 : 0.01)) t.backbone = true;
      else if (t.backbone && b < 0.02) t.backbone = false;
    }
  }

  // ---------------------------------------------------------------- flows

  private String lateAugust(int y) {
    return LocalDate.of(y + 1, 8, 15 + rt.nextInt(17)).toString();
  }

  private String september(int y) {
    return LocalDate.of(y, 9, 2 + rt.nextInt(24)).toString();
  }

  /** A date in school year y: Sep y .. Aug y+1, month chosen uniformly. */
  private String anyDay(int y) {
    int m = (8 + rt.nextInt(12)) % 12 + 1;
    return LocalDate.of(m >= 9 ? y : y + 1, m, 1 + rt.nextInt(28)).toString();
  }

  private String moveDate(int y) {
    return rt.nextDouble() < 0.75 ? lateAugust(y) : september(y);
  }

  private String summerOrAny(int y) {
    if (rt.nextDouble() < 0.6) {
      return LocalDate.of(y + 1, 7 + rt.nextInt(2), 1 + rt.nextInt(28)).toString();
    }
    return anyDay(y);
  }

  private void flow(Teacher t, String date, String type, School from, School to) {
    sink.row(DeliveryDataset.TEACHER_FLOWS, SchoolYear.of(date), t.id, date, type,
        from == null ? null : from.id, to == null ? null : to.id, t.backbone ? "true" : "false");
  }

  /** The flows of school year y, applied to the roster so that it becomes school year y+1's. */
  private void flows(int y) {
    SplittableRandom r = rt;
    for (Teacher t : teachers) {
      t.gone = false;
      t.dest = null;
    }
    // 1. retirements and departures
    for (Teacher t : teachers) {
      int ageNext = y + 1 - t.birth;
      if (ageNext >= t.retireAge) {
        t.gone = true;
        flow(t, summerOrAny(y), "retire", t.school, null);
        continue;
      }
      double pLeave = (t.school.priv ? 0.06 : t.school.area() == R ? 0.012 : 0.008)
          * (ageNext < 35 ? 2 : 1) + (t.fullTime ? 0 : 0.12);
      if (r.nextDouble() < pLeave) {
        t.gone = true;
        flow(t, summerOrAny(y), "leave", t.school, null);
      }
    }
    // 2. teachers of a closing teaching point go to its central school
    for (Teacher t : teachers) {
      if (!t.gone && t.school.closing) {
        t.dest = t.school.parent;
        flow(t, lateAugust(y), "transfer", t.school, t.dest);
      }
    }
    // 3. support teachers whose term ends go back to their school
    for (Teacher t : teachers) {
      if (t.gone || t.dest != null || t.home == null || t.returnYear != y) continue;
      School home = t.home;
      t.home = null;
      if (!schools.contains(home) || home.closing || home.target[t.level] == 0) continue;
      t.dest = home;
      flow(t, lateAugust(y), "transfer", t.school, home);
    }
    // 4. exchange (交流轮岗): a share of the eligible, backbone teachers more likely
    List<Teacher> eligible = new ArrayList<>();
    for (Teacher t : teachers) {
      if (!t.gone && t.dest == null && t.home == null && t.level < 2 && t.fullTime && t.years >= 6
          && t.school.type != Type.special) {
        eligible.add(t);
      }
    }
    double rate = Math.max(0.02, exchangeRate + 0.015 * r.nextGaussian());
    int nEx = (int) Math.round(rate * eligible.size());
    if (nEx > 0) {
      double[] key = new double[eligible.size()];
      Integer[] ix = new Integer[eligible.size()];
      for (int i = 0; i < key.length; i++) {
        // Efraimidis-Spirakis weighted sampling: key u^(1/w), keep the largest
        key[i] = Math.pow(r.nextDouble(), 1.0 / (eligible.get(i).backbone ? 2.2 : 1.0));
        ix[i] = i;
      }
      Arrays.sort(ix, Comparator.comparingDouble((Integer i) -> -key[i]).thenComparingInt(i -> i));
      for (int k = 0; k < Math.min(nEx, ix.length); k++) {
        Teacher t = eligible.get(ix[k]);
        boolean support = t.school.area() != R && r.nextDouble() < supportShare;
        School to = support ? randomSchool(t.level, t.school, true) : null;
        if (to == null) {
          support = false;
          to = randomSchool(t.level, t.school, false);
        }
        if (to == null) continue;
        t.dest = to;
        if (support) {
          t.home = t.school;
          t.returnYear = y + 1 + (r.nextDouble() < 0.6 ? 0 : 1);
        }
        flow(t, moveDate(y), support ? "support" : "rotation", t.school, to);
      }
    }
    // 5. transfers (调动) from overstaffed schools to schools short of teachers, and a few at random
    int[][] count = headcount();
    for (School s : schools) {
      if (s.closing) continue;
      for (int l = 0; l < 3; l++) {
        int surplus = count[s.idx][l] - (int) Math.ceil(s.target[l] * 1.05);
        if (surplus <= 0) continue;
        int moves = (int) Math.ceil(surplus * 0.6);
        for (Teacher t : teachers) {
          if (moves == 0) break;
          if (t.school != s || t.level != l || t.gone || t.dest != null || t.home != null || t.backbone) continue;
          if (r.nextDouble() < 0.3) continue;
          School to = shortOf(l, s, count);
          if (to == null) break;
          t.dest = to;
          count[s.idx][l]--;
          count[to.idx][l]++;
          moves--;
          flow(t, moveDate(y), "transfer", s, to);
        }
      }
    }
    for (Teacher t : teachers) {
      if (t.gone || t.dest != null || t.home != null || r.nextDouble() >= 0.006) continue;
      School to = randomSchool(t.level, t.school, false);
      if (to == null) continue;
      t.dest = to;
      count[t.school.idx][t.level]--;
      count[to.idx][t.level]++;
      flow(t, moveDate(y), "transfer", t.school, to);
    }
    // 6. hires fill what is still short
    List<Teacher> hired = new ArrayList<>();
    for (School s : schools) {
      if (s.closing) continue;
      for (int l = 0; l < 3; l++) {
        int deficit = s.target[l] - count[s.idx][l];
        for (int i = 0; i < deficit; i++) {
          Teacher t = newTeacher(s, l, y + 1, false);
          String date = r.nextDouble() < 0.85 ? lateAugust(y) : september(y);
          flow(t, date, "hire", null, s);
          hired.add(t);
        }
      }
    }
    // apply: the roster of y+1
    List<Teacher> next = new ArrayList<>(teachers.size() + hired.size());
    for (Teacher t : teachers) {
      if (t.gone) continue;
      if (t.dest != null) {
        t.school = t.dest;
        t.years = 0;
        t.dest = null;
      } else {
        t.years++;
      }
      next.add(t);
    }
    next.addAll(hired);
    teachers = next;
  }

  private int[][] headcount() {
    int[][] count = new int[schools.size()][3];
    for (Teacher t : teachers) {
      if (t.gone) continue;
      School s = t.dest != null ? t.dest : t.school;
      count[s.idx][t.level]++;
    }
    return count;
  }

  /** A random open school other than from teaching level; rural only when ruralOnly. */
  private School randomSchool(int level, School from, boolean ruralOnly) {
    int tries = 0;
    while (tries++ < 40) {
      School s = schools.get(rt.nextInt(schools.size()));
      if (s == from || s.closing || s.type == Type.special || !s.hasLevel(level) || s.target[level] == 0) continue;
      if (ruralOnly && s.area() != R) continue;
      if (s.priv != from.priv) continue; // exchange and transfers stay within public (or private) schools
      return s;
    }
    return null;
  }

  /** A school short of teachers at level, preferring the largest shortage among a few candidates. */
  private School shortOf(int level, School from, int[][] count) {
    School best = null;
    int bestGap = 0;
    for (int i = 0; i < 12; i++) {
      School s = schools.get(rt.nextInt(schools.size()));
      if (s == from || s.closing || s.priv != from.priv || !s.hasLevel(level)) continue;
      int gap = s.target[level] - count[s.idx][level];
      if (gap > bestGap) {
        best = s;
        bestGap = gap;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- output

  private void writeYear(int y) {
    for (School s : schools) {
      sink.row(DeliveryDataset.SCHOOLS, y, y, s.id, s.name, county.code(), s.type.name(), s.urc,
          s.priv ? "private" : "public", s.parent == null ? null : s.parent.id);
    }
    for (School s : schools) {
      int a = s.area();
      double pMigrant = a == U ? 0.16 : a == T ? 0.07 : 0.015;
      double pLeft = a == U ? 0.025 : a == T ? 0.1 : 0.24;
      for (int g = s.lo; g <= s.hi; g++) {
        int st = s.n[g];
        if (st == 0) continue;
        int mig = (int) Math.round(st * pMigrant * u(rs, 0.5, 1.5));
        int left = Math.min(st - mig, (int) Math.round(st * pLeft * u(rs, 0.5, 1.5)));
        sink.row(DeliveryDataset.ENROLLMENT, y, y, s.id, g, st, s.classes[g], s.c56[g], s.c66[g], mig,
            Math.max(0, left), LEVELS[levelOfGrade(g)]);
      }
    }
    for (School s : schools) {
      sink.row(DeliveryDataset.RESOURCES, y, y, s.id, tenths(s.aux), tenths(s.sports), s.equipment,
          s.computers, s.books, s.mm, s.music, s.art);
    }
    List<Teacher> roster = new ArrayList<>(teachers);
    roster.sort(Comparator.comparingInt((Teacher t) -> t.school.idx));
    for (Teacher t : roster) {
      sink.row(DeliveryDataset.TEACHERS, y, y, t.id, t.school.id, LEVELS[t.level], DEGREES[t.degree],
          TITLES[t.title], t.backbone ? "true" : "false", SUBJECTS[t.subject], t.years,
          t.fullTime ? "true" : "false");
    }
  }

  static String tenths(double v) {
    long t = Math.round(v * 10);
    return (t / 10) + "." + (t % 10);
  }

  private static final String[] CHANGES = {"transfer_in", "transfer_out", "dropout", "suspend", "resume"};
  // Month weights in school-year order, Sep .. Aug: transfers at term starts, others spread.
  private static final double[] W_TRANSFER = {0.30, 0.06, 0.04, 0.03, 0.02, 0.10, 0.20, 0.05, 0.04, 0.03, 0.03, 0.10};
  private static final double[] W_OTHER = {0.10, 0.10, 0.10, 0.10, 0.08, 0.06, 0.12, 0.10, 0.10, 0.10, 0.02, 0.02};

  /** Student status changes (学籍异动) of the months of school year y. */
  private void writeStudentChanges(int y) {
    SplittableRandom r = rc;
    for (int mi = 0; mi < 12; mi++) {
      int month = (8 + mi) % 12 + 1;
      int year = month >= 9 ? y : y + 1;
      for (School s : schools) {
        int a = s.area();
        for (int g = s.lo; g <= s.hi; g++) {
          int st = s.n[g];
          if (st == 0) continue;
          int l = levelOfGrade(g);
          for (int c = 0; c < CHANGES.length; c++) {
            double rate = switch (c) {
              case 0 -> a == U ? (s.priv ? 0.05 : 0.035) : a == T ? 0.02 : 0.01;
              case 1 -> a == U ? 0.02 : a == T ? 0.025 : 0.045;
              case 2 -> l == 0 ? 0.0002 : l == 1 ? (a == U ? 0.001 : a == T ? 0.002 : 0.004) : 0.01;
              case 3 -> 0.0012;
              default -> 0.0009;
            };
            double w = (c <= 1 || c == 4) ? W_TRANSFER[mi] : W_OTHER[mi];
            int k = poisson(r, st * rate * w);
            if (k > 0) sink.row(DeliveryDataset.STUDENT_CHANGES, year, year, month, s.id, g, CHANGES[c], Math.min(k, st));
          }
        }
      }
    }
  }

  static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
    double l = Math.exp(-lambda);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  /** School names in the style of a Chinese county: 实验小学, 第三中心小学, 第二初级中学, 教学点. */
  static final class Names {
    private static final String[] BRANDS = {"育才", "博文", "英才", "明德", "启航", "华英", "弘毅", "致远", "立德", "新星", "阳光", "崇文"};
    private final String prefix;
    private int primary;
    private int central;
    private int village;
    private int junior;
    private int middle;
    private int nine;
    private int twelve;
    private int senior;
    private int priv;

    Names(String prefix) {
      this.prefix = prefix;
    }

    String name(Type type, int urc, boolean isPrivate, School parent) {
      if (type == Type.teaching_point) return parent.name + "第" + cn(parent.teachingPoints + 1) + "教学点";
      if (type == Type.special) return prefix + "特殊教育学校";
      if (isPrivate) {
        int i = priv++;
        String brand = BRANDS[i % BRANDS.length] + (i >= BRANDS.length ? cn(i / BRANDS.length + 1) : "");
        return prefix + brand + switch (type) {
          case primary -> "小学";
          case junior -> "初级中学";
          case senior -> "高级中学";
          case complete_secondary -> "中学";
          default -> "学校";
        };
      }
      return switch (type) {
        case primary -> urc < 200
            ? (primary++ == 0 ? prefix + "实验小学" : prefix + "第" + cn(primary) + "小学")
            : urc == 210 ? prefix + "第" + cn(++central) + "中心小学" : prefix + "第" + cn(++village) + "完全小学";
        case junior -> prefix + "第" + cn(++junior) + "初级中学";
        case complete_secondary -> prefix + "第" + cn(++middle) + "中学";
        case nine_year -> prefix + "第" + cn(++nine) + "九年制学校";
        case twelve_year -> twelve++ == 0 ? prefix + "实验学校" : prefix + "第" + cn(twelve) + "实验学校";
        case senior -> prefix + "第" + cn(++senior) + "高级中学";
        default -> prefix + "学校";
      };
    }

    private static final String DIGITS = "零一二三四五六七八九";

    /** Chinese numeral for 1..999 (十一, 二十, 一百零五). */
    static String cn(int n) {
      if (n < 10) return String.valueOf(DIGITS.charAt(n));
      if (n < 20) return "十" + (n % 10 == 0 ? "" : DIGITS.charAt(n % 10));
      if (n < 100) return DIGITS.charAt(n / 10) + "十" + (n % 10 == 0 ? "" : String.valueOf(DIGITS.charAt(n % 10)));
      int rest = n % 100;
      return DIGITS.charAt(n / 100) + "百" + (rest == 0 ? "" : rest < 10 ? "零" + DIGITS.charAt(rest) : rest < 20 ? "一" + cn(rest) : cn(rest));
    }
  }

  /** The school year holding a date: Sep 1 y .. Aug 31 y+1 is y. */
  static final class SchoolYear {
    private SchoolYear() {}

    static int of(String isoDate) {
      int y = Integer.parseInt(isoDate.substring(0, 4));
      int m = Integer.parseInt(isoDate.substring(5, 7));
      return m >= 9 ? y : y - 1;
    }
  }
}
