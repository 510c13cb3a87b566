package edubalance.generate;

import java.util.SplittableRandom;

/**
 * A county's finance final accounts (决算) for fiscal years first−1 .. last (the year before the
 * first, so growth of the first year can be computed) and their monthly amounts. Levels are sized
 * on the county's students; growth is mostly positive with a province-wide year effect, and now and
 * then a county fails one of the three increases (三个增长).
 */
final class FundingSimulator {
  private FundingSimulator() {}

  // Share of the year's amount by month: revenue fairly even, spending loaded on December.
  private static final double[] M_REVENUE = {0.07, 0.06, 0.08, 0.09, 0.08, 0.09, 0.08, 0.07, 0.09, 0.08, 0.08, 0.13};
  private static final double[] M_APPROPRIATION = {0.05, 0.06, 0.08, 0.08, 0.08, 0.08, 0.08, 0.07, 0.09, 0.08, 0.09, 0.16};

  /** @param kind 0 urban district, 1 suburban district or county-level city, 2 rural county */
  static void write(Divisions.County county, int students, int kind, SplittableRandom r, long seed,
      int first, int last, Sink sink) {
    int fy0 = first - 1;
    double years = fy0 - 2015;
    double expPrimary = (kind == 2 ? u(r, 11000, 15000) : u(r, 9500, 13000)) * Math.pow(1.05, years);
    double expJunior = expPrimary * u(r, 1.25, 1.5);
    double pubPrimary = u(r, 900, 1600) * Math.pow(1.04, years);
    double pubJunior = pubPrimary * u(r, 1.3, 1.5);
    double appropriation = students * expPrimary * 1.25 / 10000 * u(r, 0.9, 1.1);
    double general = appropriation / u(r, 0.13, 0.22);
    double revenue = general * (kind == 0 ? u(r, 0.5, 0.9) : kind == 1 ? u(r, 0.35, 0.7) : u(r, 0.2, 0.55));
    double gdp = revenue / u(r, 0.045, 0.09);
    double fundsFactor = u(r, 1.05, 1.2);
    double salary = u(r, 62000, 80000) * Math.pow(1.045, years);
    double civil = salary * u(r, 0.93, 1.08);
    for (int fy = fy0; fy <= last; fy++) {
      if (fy > fy0) {
        // province-wide year effect: the same for every county of a run (seeded by seed and year)
        double shock = 0.03 * new SplittableRandom(CountySimulator.mix(seed, 100_000L + fy)).nextGaussian();
        double gRevenue = 0.055 + shock + 0.04 * r.nextGaussian();
        revenue *= 1 + gRevenue;
        appropriation *= 1 + gRevenue + 0.025 + 0.02 * r.nextGaussian();
        general *= 1 + 0.5 * gRevenue + 0.03 + 0.03 * r.nextGaussian();
        gdp *= 1 + 0.06 + 0.5 * shock + 0.03 * r.nextGaussian();
        expPrimary *= 1 + 0.05 + 0.04 * r.nextGaussian();
        expJunior *= 1 + 0.05 + 0.04 * r.nextGaussian();
        pubPrimary *= 1 + 0.04 + 0.035 * r.nextGaussian();
        pubJunior *= 1 + 0.04 + 0.035 * r.nextGaussian();
        salary *= 1 + 0.04 + 0.02 * r.nextGaussian();
        civil *= 1 + 0.04 + 0.02 * r.nextGaussian();
        fundsFactor = Math.max(1.0, fundsFactor + 0.01 * r.nextGaussian());
      }
      sink.row(DeliveryDataset.FUNDING, fy, fy, county.code(), money(revenue), money(appropriation),
          money(general), Math.round(expPrimary), Math.round(expJunior), Math.round(pubPrimary),
          Math.round(pubJunior), Math.round(salary), Math.round(civil), money(gdp),
          money(appropriation * fundsFactor));
      for (int m = 1; m <= 12; m++) {
        sink.row(DeliveryDataset.FUNDING_MONTHLY, fy, fy, m, county.code(),
            money(revenue * M_REVENUE[m - 1] * u(r, 0.92, 1.08)),
            money(appropriation * M_APPROPRIATION[m - 1] * u(r, 0.92, 1.08)));
      }
    }
  }

  private static double u(SplittableRandom r, double a, double b) {
    return a + (b - a) * r.nextDouble();
  }

  /** An amount in 10k yuan with two decimals. */
  static String money(double v) {
    long c = Math.round(v * 100);
    long frac = c % 100;
    return (c / 100) + "." + (frac < 10 ? "0" : "") + frac;
  }
}
