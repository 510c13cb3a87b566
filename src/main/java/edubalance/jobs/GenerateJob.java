package edubalance.jobs;

import edubalance.conf.Args;
import edubalance.generate.DeliveryGenerator;
import java.nio.file.Path;
import java.util.Set;

/**
 * jobs/generate: writes a synthetic delivery (docs/GENERATE.md).
 * {@code --out DIR [--scale demo|province|national] [--years 2015-2024] [--layout per-city|per-county|per-dataset]
 * [--seed N] [--overwrite]}
 */
public final class GenerateJob {
  private GenerateJob() {}

  static final String USAGE = "usage: generate --out DIR [--scale demo|province|national] "
      + "[--years FIRST-LAST] [--layout per-city|per-county|per-dataset] [--seed N] [--overwrite]";

  public static int run(String[] argv) {
    Args a = Args.parse(argv, Set.of("out", "scale", "years", "layout", "seed"), Set.of("overwrite", "help"));
    if (a.has("help")) {
      System.err.println(USAGE);
      return 0;
    }
    if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument " + a.positional().get(0) + "; " + USAGE);
    Path out = Path.of(a.require("out"));
    DeliveryGenerator.Scale scale;
    DeliveryGenerator.Layout layout;
    try {
      scale = DeliveryGenerator.Scale.of(a.get("scale", "demo"));
      layout = DeliveryGenerator.Layout.of(a.get("layout", "per-city"));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage() + "; " + USAGE);
    }
    int[] years = years(a.get("years"), scale);
    long seed;
    try {
      seed = Long.parseLong(a.get("seed", "1").trim());
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--seed must be an integer, not '" + a.get("seed") + "'");
    }
    System.err.printf("generate: %s scale, school years %d-%d, seed %d, %s -> %s%n", scale, years[0], years[1], seed,
        layout.label(), out);
    DeliveryGenerator.Summary summary = DeliveryGenerator.run(out, scale, layout, years[0], years[1], seed,
        a.has("overwrite"));
    System.err.println(summary.format());
    return 0;
  }

  /** "2015-2024" or "2024"; a scale's default years when absent. */
  static int[] years(String spec, DeliveryGenerator.Scale scale) {
    if (spec == null) return new int[] {scale.defaultFirstYear, scale.defaultLastYear};
    String s = spec.trim();
    int first;
    int last;
    try {
      int dash = s.indexOf('-');
      if (dash < 0) {
        first = last = Integer.parseInt(s);
      } else {
        first = Integer.parseInt(s.substring(0, dash).trim());
        last = Integer.parseInt(s.substring(dash + 1).trim());
      }
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--years must be FIRST-LAST (e.g. 2015-2024), not '" + spec + "'");
    }
    if (first > last || first < DeliveryGenerator.MIN_YEAR || last > DeliveryGenerator.MAX_YEAR) {
      throw new Args.UsageException("--years " + spec + ": need FIRST <= LAST within "
          + DeliveryGenerator.MIN_YEAR + "-" + DeliveryGenerator.MAX_YEAR);
    }
    return new int[] {first, last};
  }
}
