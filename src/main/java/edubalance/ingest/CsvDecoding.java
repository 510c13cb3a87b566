package edubalance.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Picks a CSV file's character set: a UTF-8 byte-order mark means UTF-8; otherwise, when the
 * encoding is {@code auto}, the first 1 MiB decoding cleanly as UTF-8 means UTF-8 and anything
 * else is taken as GB18030 (the superset of GBK that Chinese statistical software exports).
 */
final class CsvDecoding {
  private CsvDecoding() {}

  static final int SNIFF_BYTES = 1 << 20;
  static final Charset GB18030 = Charset.forName("GB18030");

  /** The charset to read with, after positioning {@code in} past any BOM. {@code in} must support mark. */
  static Charset detect(BufferedInputStream in, String declared) throws IOException {
    in.mark(SNIFF_BYTES + 8);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    boolean bom = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
    if (bom) {
      in.skipNBytes(3);
      return StandardCharsets.UTF_8;
    }
    if (declared != null && !declared.equalsIgnoreCase("auto")) return Charset.forName(declared);
    return isUtf8(head) ? StandardCharsets.UTF_8 : GB18030;
  }

  /**
   * True when the bytes read as UTF-8 text of the kind a Chinese delivery holds: valid UTF-8
   * (a multi-byte character cut off at the end allowed) whose non-ASCII characters are mostly
   * three-byte ones (CJK). GB18030 text often happens to be valid UTF-8 too (学 = D1 A7), but then
   * decodes into two-byte Latin/Cyrillic characters, which this tells apart.
   */
  static boolean isUtf8(byte[] bytes) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = d.decode(ByteBuffer.wrap(bytes), out, false);
    if (r.isError()) return false;
    out.flip();
    int twoByte = 0;
    int wider = 0;
    while (out.hasRemaining()) {
      char c = out.get();
      if (c >= 0x80 && c < 0x800) twoByte++;
      else if (c >= 0x800) wider++;
    }
    return twoByte <= wider;
  }

  static BufferedInputStream buffered(InputStream in) {
    return new BufferedInputStream(in, 1 << 16);
  }
}
