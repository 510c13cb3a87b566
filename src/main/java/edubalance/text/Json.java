package edubalance.text;

/**
 * JSON string literals, the one escaper of the project: {@code jobs/sql}'s json output and map
 * columns ({@link edubalance.serve.ResultPrinter}) and the reports' embedded chart data
 * ({@link edubalance.report.HtmlReport}). Plain Java, so the thin SQL client can use it without Spark.
 */
public final class Json {
  private Json() {}

  /** Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
  public static StringBuilder quote(String s, StringBuilder b) {
    return quote(s, b, false);
  }

  /**
   * {@link #quote}, also escaping {@code <}, {@code >}, {@code &}, U+2028 and U+2029, so the literal
   * cannot end (or, in old engines, break) the {@code <script>} element of an HTML page it sits in.
   */
  public static String quoteForScript(String s) {
    return quote(s, new StringBuilder(s.length() + 2), true).toString();
  }

  private static StringBuilder quote(String s, StringBuilder b, boolean inScript) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          boolean unsafe = c < 0x20 || (inScript && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'));
          if (unsafe) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"');
  }
}
