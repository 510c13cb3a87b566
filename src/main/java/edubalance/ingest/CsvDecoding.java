package edubalance.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Decodes a CSV file's bytes, deciding its character set on evidence, line by line, in the one
 * pass that parses it.
 *
 * <p>A UTF-8 byte-order mark means UTF-8. Otherwise, with encoding {@code auto}, the decision waits
 * for the first line that is not ASCII: if it and the 1 MiB after it read as UTF-8 text of the kind a
 * Chinese delivery holds, UTF-8, else GB18030 (the superset of GBK that Chinese statistical software
 * exports). Every later line must agree: a line that is not valid in the file's charset, or a line
 * of UTF-8 Chinese in a GB18030 file (which GB18030 would decode, into wrong characters), refuses the
 * file ({@link RefusedFile}), never decoding it into mojibake. With an encoding declared in conf
 * ({@code ingest.encoding.<dataset>}), such lines are instead marked {@link #undecodable} and their
 * rows quarantined. A NUL byte refuses any file: it is binary, not CSV text.
 *
 * <p>Lines are split at LF, which is never part of a multi-byte character in UTF-8 or GB18030; a
 * very long line is split at a byte below 0x30 (a comma, quote, CR), which is not either.
 */
final class CsvDecoding extends Reader {
  static final int SNIFF_BYTES = 1 << 20;
  static final Charset GB18030 = Charset.forName("GB18030");
  /** A line longer than this without a comma, quote or line end is not CSV text. */
  static final int MAX_SEGMENT = 16 << 20;
  private static final int SPLIT_AT = 1 << 16;

  /** A file that cannot be read as text in one encoding: refused whole. */
  static final class RefusedFile extends IOException {
    final String reason;

    RefusedFile(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }
  }

  private final InputStream in;
  private final boolean declared;
  private final boolean bom;
  private Charset charset;
  private CharsetDecoder strict;
  private CharsetDecoder replacing;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  private char[] utf8Chars = new char[0];
  private byte[] buf = new byte[SPLIT_AT * 2];
  private int pos;
  private int limit;
  private boolean eof;
  private char[] chars = new char[SPLIT_AT * 2];
  private int charPos;
  private int charLen;
  /** Line (as commons-csv counts them: CR, LF or CRLF end one) the next segment starts on. */
  private long line = 1;
  private int previousByte = -1;
  private final ArrayDeque<long[]> undecodable = new ArrayDeque<>();
  private final ArrayDeque<String> undecodableWhy = new ArrayDeque<>();

  /**
   * @param declared a charset name, or null / {@code auto} to decide on evidence
   */
  CsvDecoding(InputStream in, String declared) throws IOException {
    this.in = in;
    this.declared = declared != null && !declared.equalsIgnoreCase("auto");
    fill(3);
    bom = limit - pos >= 3 && (buf[pos] & 0xff) == 0xEF && (buf[pos + 1] & 0xff) == 0xBB && (buf[pos + 2] & 0xff) == 0xBF;
    if (bom) {
      pos += 3;
      use(StandardCharsets.UTF_8);
    } else if (this.declared) {
      try {
        use(Charset.forName(declared));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("conf names an unknown encoding: " + declared);
      }
    }
  }

  /** The charset the file is read with: UTF-8 until a line that is not ASCII decides. */
  String charsetName() {
    return charset == null ? StandardCharsets.UTF_8.name() : charset.name();
  }

  /**
   * Why a line in {@code [from, to]} could not be decoded (its row is quarantined), or null.
   * Asked for records in file order; ranges before {@code from} are forgotten.
   */
  String undecodable(long from, long to) {
    while (!undecodable.isEmpty() && undecodable.peekFirst()[1] < from) {
      undecodable.pollFirst();
      undecodableWhy.pollFirst();
    }
    return !undecodable.isEmpty() && undecodable.peekFirst()[0] <= to ? undecodableWhy.peekFirst() : null;
  }

  private void use(Charset cs) {
    charset = cs;
    strict = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    replacing = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    while (charPos == charLen) {
      if (!nextSegment()) return -1;
    }
    int n = Math.min(len, charLen - charPos);
    System.arraycopy(chars, charPos, cbuf, off, n);
    charPos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Has at least {@code n} bytes from {@code pos} in the buffer, or all that remain. */
  private void fill(int n) throws IOException {
    if (limit - pos >= n || eof) return;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(n, buf.length * 2));
    while (limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
        return;
      }
      limit += r;
    }
  }

  /** Decodes the next line (or piece of a long one) into {@code chars}; false at the end. */
  private boolean nextSegment() throws IOException {
    int end = findEnd();
    if (end == pos) return false;
    int start = pos;
    int len = end - start;
    boolean ascii = true;
    long terminators = 0;
    int prev = previousByte;
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b < 0) {
        ascii = false;
      } else if (b == 0) {
        throw new RefusedFile("binary", "a NUL byte on line " + (line + terminators) + ": binary content, not CSV text");
      } else if (b == '\r' || (b == '\n' && prev != '\r')) {
        terminators++;
      }
      prev = b;
    }
    previousByte = prev;
    long first = line;
    long last = line + Math.max(0, terminators - (prev == '\n' || prev == '\r' ? 1 : 0));
    line += terminators;
    if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
    charPos = 0;
    if (ascii) {
      for (int i = 0; i < len; i++) chars[i] = (char) buf[start + i];
      charLen = len;
    } else {
      if (charset == null) decide(); // may move the buffer: the segment starts at pos
      decode(pos, pos + len, first, last);
    }
    pos += len;
    return true;
  }

  /** End (exclusive) of the segment starting at {@code pos}: after its LF, or a safe split point. */
  private int findEnd() throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') return i + 1;
      }
      int before = scanned;
      scanned = limit - pos;
      if (eof) return limit;
      if (scanned >= SPLIT_AT) {
        for (int i = limit - 1; i >= pos + Math.max(1, before); i--) {
          if (buf[i] >= 0 && buf[i] < 0x30) return i + 1;
        }
        if (scanned >= MAX_SEGMENT) {
          throw new RefusedFile("binary", "line " + line + " runs " + MAX_SEGMENT + " bytes without a line end or comma");
        }
      }
      fill(scanned + SPLIT_AT);
    }
  }

  /** The first line that is not ASCII decides, with the 1 MiB after it as evidence. */
  private void decide() throws IOException {
    fill(SNIFF_BYTES);
    use(isUtf8(buf, pos, Math.min(SNIFF_BYTES, limit - pos)) ? StandardCharsets.UTF_8 : GB18030);
  }

  private void decode(int start, int end, long first, long last) throws IOException {
    String problem = null;
    if (charset.equals(GB18030) || charset.name().equals("GBK")) {
      if (utf8Chinese(start, end)) {
        problem = "line " + first + " is UTF-8 Chinese in a file read as " + charset.name()
            + ": mixed encodings would be decoded into wrong characters";
        if (!declared) throw new RefusedFile("mixed_encoding", problem);
      }
    }
    if (problem == null) {
      CharBuffer out = CharBuffer.wrap(chars);
      strict.reset();
      CoderResult r = strict.decode(ByteBuffer.wrap(buf, start, end - start), out, true);
      if (!r.isError()) r = strict.flush(out);
      if (!r.isError()) {
        charLen = out.position();
        return;
      }
      problem = "line " + first + " is not valid " + charset.name() + (declared ? " (declared in conf)"
          : bom ? " although the file starts with a UTF-8 byte-order mark"
          : " while the lines before it are; the file mixes encodings or is not text");
      if (!declared) throw new RefusedFile(charset.equals(StandardCharsets.UTF_8) && !bom ? "mixed_encoding"
          : "undecodable", problem);
    }
    undecodable.addLast(new long[] {first, last});
    undecodableWhy.addLast(problem);
    CharBuffer out = CharBuffer.wrap(chars);
    replacing.reset();
    replacing.decode(ByteBuffer.wrap(buf, start, end - start), out, true);
    replacing.flush(out);
    charLen = out.position();
  }

  /** True when the bytes are valid UTF-8 holding at least three Chinese (CJK) characters. */
  private boolean utf8Chinese(int start, int end) {
    utf8.reset();
    if (utf8Chars.length < end - start) utf8Chars = new char[Math.max(end - start, utf8Chars.length * 2)];
    CharBuffer out = CharBuffer.wrap(utf8Chars);
    CoderResult r = utf8.decode(ByteBuffer.wrap(buf, start, end - start), out, true);
    if (r.isError()) return false;
    out.flip();
    int cjk = 0;
    while (out.hasRemaining()) {
      char c = out.get();
      if ((c >= 0x3000 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF)) cjk++;
    }
    return cjk >= 3;
  }

  /**
   * True when the bytes read as UTF-8 text of the kind a Chinese delivery holds: valid UTF-8
   * (a multi-byte character cut off at the end allowed) whose non-ASCII characters are mostly
   * three-byte ones (CJK). GB18030 text often happens to be valid UTF-8 too (学 = D1 A7), but then
   * decodes into two-byte Latin/Cyrillic characters, which this tells apart.
   */
  static boolean isUtf8(byte[] bytes, int offset, int length) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(length + 1);
    CoderResult r = d.decode(ByteBuffer.wrap(bytes, offset, length), out, false);
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

  static boolean isUtf8(byte[] bytes) {
    return isUtf8(bytes, 0, bytes.length);
  }
}
