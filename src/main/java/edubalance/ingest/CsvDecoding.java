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
 * ({@code ingest.encoding.<dataset>}), such lines are instead marked ({@link #badLine}) and their
 * rows quarantined.
 *
 * <p>A control byte that text never holds (NUL, and the other C0 bytes but the white space tab, LF, VT, FF and CR) in
 * a line marks that line ({@link #badLine}): its row is quarantined ({@code control_byte}), the
 * others are read. A chunk where such bytes are frequent ({@link #BINARY_SHARE}) is not text with
 * a stray byte but binary content (a spreadsheet or an archive named .csv): the file is refused.
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
  /**
   * A chunk in which at least {@link #BINARY_MIN} bytes and this share of all are control bytes is
   * binary: random or compressed bytes are 11 % control bytes, UTF-16 text half NUL, while a CSV
   * with a stray byte has a handful in 64 KiB.
   */
  static final double BINARY_SHARE = 0.02;
  static final int BINARY_MIN = 16;

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
  /** Lines whose row is quarantined, in file order: their range and {@code <reason>: <detail>}. */
  private final ArrayDeque<long[]> badLines = new ArrayDeque<>();
  private final ArrayDeque<String> badWhy = new ArrayDeque<>();
  /** The current chunk's bad lines, put in file order before they join {@link #badLines}. */
  private final java.util.List<Object[]> chunkBad = new java.util.ArrayList<>();

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
   * Why a line in {@code [from, to]} cannot be a row ({@code <reason>: <detail>}, the reason
   * {@code undecodable} or {@code control_byte}; its row is quarantined), or null. Asked for
   * records in file order; ranges before {@code from} are forgotten.
   */
  String badLine(long from, long to) {
    while (!badLines.isEmpty() && badLines.peekFirst()[1] < from) {
      badLines.pollFirst();
      badWhy.pollFirst();
    }
    return !badLines.isEmpty() && badLines.peekFirst()[0] <= to ? badWhy.peekFirst() : null;
  }

  private void markBad(long from, long to, String why) {
    chunkBad.add(new Object[] {new long[] {from, to}, why});
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

  /**
   * Decodes the next chunk of whole lines (up to 64 KiB; a piece of a longer line) into
   * {@code chars}; false at the end. One scan of the bytes finds NUL bytes, line ends and lines of
   * UTF-8 Chinese; then the chunk is decoded in one call. Only a chunk with a bad line, in a file
   * whose encoding is declared, is decoded line by line to mark those lines.
   */
  private boolean nextSegment() throws IOException {
    int end = findEnd();
    if (end == pos) return false;
    int len = end - pos;
    long startLine = line;
    boolean ascii = true;
    long terminators = 0;
    int prev = previousByte;
    // A small UTF-8 reader per line: a line that is valid UTF-8 with 3+ CJK characters is evidence of UTF-8.
    long lineStart = startLine;
    long utf8Line = -1;
    boolean nonAscii = false;
    boolean invalid = false;
    int need = 0;
    int cp = 0;
    int cjk = 0;
    int control = 0;
    long controlLine = -1;
    byte[] buf = this.buf;
    int i = plainAscii(buf, pos, end);
    if (i == end) {
      // Printable ASCII and LF only, the usual chunk: lines counted, nothing to decode.
      for (int k = pos; k < end; k++) if (buf[k] == '\n') terminators++;
      if (len > 0 && prev == '\r' && buf[pos] == '\n') terminators--;
      prev = buf[end - 1];
    } else {
      i = pos;
    }
    for (; i < end; i++) {
      int b = buf[i];
      if (b >= 0x20 && need == 0) {
        prev = b; // the common case: a printable ASCII byte
      } else if (b >= 0) {
        if (b < 0x20 && (b < '\t' || b > '\r')) { // all but the white space tab, LF, VT, FF, CR
          control++;
          long at = startLine + terminators;
          if (at != controlLine) {
            markBad(at, at, "control_byte: line " + at + " holds the control byte 0x" + String.format("%02X", b)
                + (b == 0 ? " (NUL)" : "") + ", which text never does");
            controlLine = at;
          }
        }
        if (need > 0) {
          invalid = true;
          need = 0;
        }
        if (b == '\r' || (b == '\n' && prev != '\r')) terminators++;
        if (b == '\n') {
          if (utf8Line < 0 && nonAscii && !invalid && cjk >= 3) utf8Line = lineStart;
          nonAscii = false;
          invalid = false;
          cjk = 0;
          lineStart = startLine + terminators;
        }
        prev = b;
      } else {
        ascii = false;
        nonAscii = true;
        if (need > 0) {
          if ((b & 0xC0) == 0x80) {
            cp = (cp << 6) | (b & 0x3F);
            if (--need == 0 && ((cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF))) cjk++;
          } else {
            invalid = true;
            need = 0;
          }
        } else if ((b & 0xE0) == 0xC0) {
          need = 1;
          cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
          need = 2;
          cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
          need = 3;
          cp = b & 0x07;
        } else {
          invalid = true;
        }
        prev = b;
      }
    }
    if (utf8Line < 0 && nonAscii && !invalid && need == 0 && cjk >= 3) utf8Line = lineStart;
    if (control >= BINARY_MIN && control >= BINARY_SHARE * len) {
      throw new RefusedFile("binary", control + " control bytes (NUL and the like) in the " + len
          + " bytes from line " + startLine + ": binary content, not CSV text");
    }
    int startPrevious = previousByte;
    previousByte = prev;
    line = startLine + terminators;
    if (chars.length < len) chars = new char[Math.max(len, chars.length * 2)];
    charPos = 0;
    charLen = 0;
    if (ascii) {
      new String(buf, pos, len, StandardCharsets.ISO_8859_1).getChars(0, len, chars, 0); // intrinsic widening
      charLen = len;
    } else {
      if (charset == null) decide(); // may move the buffer: the chunk starts at pos
      boolean gb = charset.equals(GB18030) || charset.name().equals("GBK");
      if (gb && utf8Line >= 0) {
        if (!declared) throw new RefusedFile("mixed_encoding", utf8InGb(utf8Line));
        byLine(pos, pos + len, startLine, startPrevious);
      } else {
        int bad = decodeAll(pos, pos + len);
        if (bad >= 0) {
          if (!declared) {
            long at = lineOf(buf, pos, pos + bad, startLine, startPrevious);
            throw new RefusedFile(charset.equals(StandardCharsets.UTF_8) && !bom ? "mixed_encoding" : "undecodable",
                notValid(at));
          }
          charLen = 0;
          byLine(pos, pos + len, startLine, startPrevious);
        }
      }
    }
    pos += len;
    if (!chunkBad.isEmpty()) {
      chunkBad.sort(java.util.Comparator.comparingLong(b -> ((long[]) b[0])[0]));
      for (Object[] b : chunkBad) {
        badLines.addLast((long[]) b[0]);
        badWhy.addLast((String) b[1]);
      }
      chunkBad.clear();
    }
    return true;
  }

  /** Index of the first byte from {@code start} that is not printable ASCII or LF (end when none). */
  private static int plainAscii(byte[] buf, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b < 0x20 && b != '\n' || b == 0x7F) return i;
    }
    return end;
  }

  private String utf8InGb(long at) {
    return "line " + at + " is UTF-8 Chinese in a file read as " + charset.name()
        + ": mixed encodings would be decoded into wrong characters";
  }

  private String notValid(long at) {
    return "line " + at + " is not valid " + charset.name() + (declared ? " (declared in conf)"
        : bom ? " although the file starts with a UTF-8 byte-order mark"
        : " while the lines before it are; the file mixes encodings or is not text");
  }

  /** The line the byte at {@code at} is on, counting line ends from {@code start} (on line {@code first}). */
  private static long lineOf(byte[] buf, int start, int at, long first, int previous) {
    long n = first;
    int prev = previous;
    for (int i = start; i < at; i++) {
      if (buf[i] == '\r' || (buf[i] == '\n' && prev != '\r')) n++;
      prev = buf[i];
    }
    return n;
  }

  /** Decodes {@code [start, end)} strictly, appending to {@code chars}; the offset of the first bad byte, or -1. */
  private int decodeAll(int start, int end) {
    CharBuffer out = CharBuffer.wrap(chars, charLen, chars.length - charLen);
    strict.reset();
    ByteBuffer in = ByteBuffer.wrap(buf, start, end - start);
    CoderResult r = strict.decode(in, out, true);
    if (!r.isError()) r = strict.flush(out);
    if (r.isError()) return in.position() - start;
    charLen = out.position();
    return -1;
  }

  /** A chunk with a bad line, encoding declared: each line decoded alone, the bad ones marked and replaced. */
  private void byLine(int start, int end, long firstLine, int previous) {
    int from = start;
    long at = firstLine;
    int prev = previous;
    boolean gb = charset.equals(GB18030) || charset.name().equals("GBK");
    while (from < end) {
      int to = from;
      while (to < end && buf[to] != '\n') to++;
      if (to < end) to++;
      long next = lineOf(buf, from, to, at, prev);
      long last = Math.max(at, next - (buf[to - 1] == '\n' || buf[to - 1] == '\r' ? 1 : 0));
      String problem = gb && utf8Chinese(from, to) ? utf8InGb(at) : decodeAll(from, to) >= 0 ? notValid(at) : null;
      if (problem != null) {
        markBad(at, last, "undecodable: " + problem);
        CharBuffer out = CharBuffer.wrap(chars, charLen, chars.length - charLen);
        replacing.reset();
        replacing.decode(ByteBuffer.wrap(buf, from, to - from), out, true);
        replacing.flush(out);
        charLen = out.position();
      }
      prev = buf[to - 1];
      at = next;
      from = to;
    }
  }

  /**
   * End (exclusive) of the chunk starting at {@code pos}: after the last LF within 64 KiB, or for a
   * longer line after its LF or at a safe split point.
   */
  private int findEnd() throws IOException {
    fill(SPLIT_AT);
    for (int i = Math.min(limit, pos + SPLIT_AT) - 1; i >= pos; i--) {
      if (buf[i] == '\n') return i + 1;
    }
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
