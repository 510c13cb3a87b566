package edubalance.generate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes a synthetic delivery (docs/DELIVERY.md) that looks like a real province, in one of three
 * {@link Layout}s: by default one CSV file per dataset, year and prefecture city
 * ({@code out/teachers/2024/140100.csv}); or one per county; or one per dataset and year. Cities are generated in parallel, each county from its own
 * {@link java.util.SplittableRandom} seeded by (seed, county code): the bytes written depend on the
 * seed only, never on thread scheduling. Rows are streamed as they are generated; only one county's
 * schools and teachers are held in memory per thread.
 *
 * <p>Files are written below {@code out/_generating} (ignored by readers, being "_"-prefixed) and
 * moved into place when every city is done, so a failed run leaves no partial dataset behind.
 */
public final class DeliveryGenerator {
  private DeliveryGenerator() {}

  /** A scale: which divisions, how many schools per county, and the default school years. */
  public enum Scale {
    demo(0.42, 2022, 2024),
    province(1.0, 2015, 2024),
    national(1.0, 2015, 2024);

    final double schoolFactor;
    public final int defaultFirstYear;
    public final int defaultLastYear;

    Scale(double schoolFactor, int first, int last) {
      this.schoolFactor = schoolFactor;
      this.defaultFirstYear = first;
      this.defaultLastYear = last;
    }

    List<Divisions.Province> provinces() {
      return switch (this) {
        case demo -> List.of(Divisions.demo());
        case province -> List.of(Divisions.shanxi());
        case national -> Divisions.national();
      };
    }

    /** The scale named (demo, province, national), or IllegalArgumentException. */
    public static Scale of(String name) {
      for (Scale s : values()) if (s.name().equals(name.trim().toLowerCase(Locale.ROOT))) return s;
      throw new IllegalArgumentException("unknown scale '" + name + "' (demo, province or national)");
    }
  }

  /** How the rows of a dataset and year are cut into files. */
  public enum Layout {
    /** One file per prefecture city: {@code teachers/2024/140100.csv} (a province's usual delivery). */
    PER_CITY,
    /** One file per county: {@code teachers/2024/140106.csv} (many small files). */
    PER_COUNTY,
    /** One file per dataset and year: {@code teachers/2024/teachers.csv} (a national extract). */
    PER_DATASET;

    /** The name on the command line: per-city, per-county, per-dataset. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The layout named, or IllegalArgumentException. */
    public static Layout of(String label) {
      for (Layout l : values()) if (l.label().equals(label.trim().toLowerCase(Locale.ROOT))) return l;
      throw new IllegalArgumentException("unknown layout '" + label + "' (per-city, per-county or per-dataset)");
    }
  }

  /** School years a delivery may cover (births data of the cohorts model span these). */
  public static final int MIN_YEAR = 2000;
  public static final int MAX_YEAR = 2035;

  /** Files and rows per dataset of a finished run. */
  public record Summary(long[] files, long[] rows, long bytes, double seconds) {
    public long rows(DeliveryDataset ds) {
      return rows[ds.ordinal()];
    }

    public long files(DeliveryDataset ds) {
      return files[ds.ordinal()];
    }

    public String format() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %8s %14s%n", "dataset", "files", "rows"));
      long tf = 0;
      long tr = 0;
      for (DeliveryDataset ds : DeliveryDataset.values()) {
        sb.append(String.format(Locale.ROOT, "%-16s %8d %14d%n", ds.dirName(), files(ds), rows(ds)));
        tf += files(ds);
        tr += rows(ds);
      }
      sb.append(String.format(Locale.ROOT, "%-16s %8d %14d%n", "total", tf, tr));
      sb.append(String.format(Locale.ROOT, "%.1f MB in %.1f s", bytes / 1e6, seconds));
      return sb.toString();
    }
  }

  /**
   * Writes the delivery of a scale (demo, province, national) for school years firstYear..lastYear
   * into out. Fails (IllegalArgumentException) when a dataset directory already exists in out.
   */
  public static void generate(Path out, String scale, int firstYear, int lastYear, long seed) {
    run(out, Scale.of(scale), Layout.PER_CITY, firstYear, lastYear, seed, false);
  }

  /**
   * As {@link #generate}, in a layout, replacing existing dataset directories when overwrite;
   * returns counts. Every layout holds the same rows for the same seed.
   */
  public static Summary run(Path out, Scale scale, Layout layout, int firstYear, int lastYear, long seed,
      boolean overwrite) {
    if (firstYear > lastYear || firstYear < MIN_YEAR || lastYear > MAX_YEAR) {
      throw new IllegalArgumentException("school years " + firstYear + "-" + lastYear
          + " outside " + MIN_YEAR + "-" + MAX_YEAR + " or reversed");
    }
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(out);
      for (DeliveryDataset ds : DeliveryDataset.values()) {
        Path d = out.resolve(ds.dirName());
        if (Files.exists(d) && !overwrite) {
          throw new IllegalArgumentException(d + " already exists (use --overwrite to replace it)");
        }
      }
      Path staging = out.resolve("_generating");
      deleteTree(staging);
      Files.createDirectories(staging);
      Counters counters = new Counters();
      List<Divisions.Province> provinces = scale.provinces();
      writeDivisions(staging, provinces, counters);
      generateCities(staging, provinces, scale, layout, firstYear, lastYear, seed, counters);
      if (layout == Layout.PER_DATASET) {
        for (DeliveryDataset ds : DeliveryDataset.values()) mergeFilesOf(staging.resolve(ds.dirName()), ds);
      }
      for (DeliveryDataset ds : DeliveryDataset.values()) {
        Path target = out.resolve(ds.dirName());
        deleteTree(target);
        Path src = staging.resolve(ds.dirName());
        if (Files.exists(src)) Files.move(src, target);
        else Files.createDirectories(target);
      }
      deleteTree(staging);
      long[] files = new long[DeliveryDataset.values().length];
      long[] rows = new long[files.length];
      for (DeliveryDataset ds : DeliveryDataset.values()) {
        files[ds.ordinal()] = csvFiles(out.resolve(ds.dirName())).size();
        rows[ds.ordinal()] = counters.rows(ds);
      }
      long bytes = 0;
      for (DeliveryDataset ds : DeliveryDataset.values()) bytes += size(out.resolve(ds.dirName()));
      return new Summary(files, rows, bytes, (System.nanoTime() - t0) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeDivisions(Path root, List<Divisions.Province> provinces, Counters counters) {
    for (Divisions.Province p : provinces) {
      try (Sink sink = new Sink(root, p.prefix(), counters)) {
        sink.row(DeliveryDataset.DIVISIONS, Sink.NO_YEAR, p.code(), p.name());
        for (Divisions.City c : p.cities()) sink.row(DeliveryDataset.DIVISIONS, Sink.NO_YEAR, c.code(), c.name());
        for (Divisions.City c : p.cities()) {
          for (Divisions.County k : c.counties()) sink.row(DeliveryDataset.DIVISIONS, Sink.NO_YEAR, k.code(), k.name());
        }
      }
    }
  }

  private static void generateCities(Path root, List<Divisions.Province> provinces, Scale scale,
      Layout layout, int first, int last, long seed, Counters counters) {
    List<Divisions.City> cities = new ArrayList<>();
    for (Divisions.Province p : provinces) cities.addAll(p.cities());
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), cities.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "generate");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Divisions.City city : cities) {
        futures.add(pool.submit(() -> {
          if (layout == Layout.PER_COUNTY) {
            for (Divisions.County county : city.counties()) {
              simulate(List.of(county), new Sink(root, county.code(), counters), scale, first, last, seed);
            }
          } else {
            simulate(city.counties(), new Sink(root, city.code(), counters), scale, first, last, seed);
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) throw re;
          if (c instanceof Error err) throw err;
          throw new IllegalStateException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Simulates the counties into one sink's files, closing them. */
  private static void simulate(List<Divisions.County> counties, Sink sink, Scale scale, int first, int last, long seed) {
    try (sink) {
      for (Divisions.County county : counties) {
        new CountySimulator(county, seed, scale.schoolFactor, first, last, sink).run();
      }
    }
  }

  /**
   * Concatenates the files of each directory below dir (a dataset's, or one of its years') into one
   * {@code <dataset>.csv}, in file-name order, keeping the first file's header only.
   */
  private static void mergeFilesOf(Path dir, DeliveryDataset ds) throws IOException {
    Map<Path, List<Path>> byDirectory = new TreeMap<>();
    for (Path f : csvFiles(dir)) byDirectory.computeIfAbsent(f.getParent(), k -> new ArrayList<>()).add(f);
    for (Map.Entry<Path, List<Path>> e : byDirectory.entrySet()) {
      Path merging = e.getKey().resolve(ds.dirName() + ".merging");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(merging), 1 << 16)) {
        boolean first = true;
        for (Path f : e.getValue()) {
          try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            if (!first) skipLine(in); // the header: the contract's column names, never quoted over lines
            in.transferTo(out);
          }
          first = false;
          Files.delete(f);
        }
      }
      Files.move(merging, e.getKey().resolve(ds.dirName() + ".csv"));
    }
  }

  private static void skipLine(InputStream in) throws IOException {
    int b;
    do b = in.read(); while (b != -1 && b != '\n');
  }

  private static List<Path> csvFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
  }

  private static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) return 0;
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) throw exc;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
