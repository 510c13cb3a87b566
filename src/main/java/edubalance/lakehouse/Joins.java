package edubalance.lakehouse;

import java.util.List;
import scala.collection.immutable.Seq;

/** The column list of an equi-join on same-named columns ({@code a.join(b, using("school_year", "county_code"), "left")}). */
public final class Joins {
  private Joins() {}

  /** The columns both sides share, each appearing once in the result. */
  public static Seq<String> using(String... columns) {
    return using(List.of(columns));
  }

  public static Seq<String> using(List<String> columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq();
  }
}
