package edubalance.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast") // no Spark: jobs/test --fast
class JsonTest {
  @Test
  void quotesAndEscapesWhatJsonRequires() {
    // " and \ get a backslash; newline, tab and CR their short escapes; other controls (U+0001) \\u00XX.
    assertEquals("\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\"", Json.quote("a\"b\\c\nd\te\rf\u0001g", new StringBuilder()).toString());
    // Markup characters and CJK text are plain JSON outside a page.
    assertEquals("\"</script> & 县\"", Json.quote("</script> & 县", new StringBuilder()).toString());
  }

  @Test
  void inAScriptElementMarkupCannotEndTheScript() {
    // < is U+003C, > U+003E, & U+0026; U+2028 and U+2029 end a line in old JavaScript engines.
    assertEquals("\"\\u003c/script\\u003e \\u0026 \\u2028\\u2029 县\\n\"", Json.quoteForScript("</script> & \u2028\u2029 县\n"));
  }
}
