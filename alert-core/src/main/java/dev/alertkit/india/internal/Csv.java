package dev.alertkit.india.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 CSV reader: comma separated, fields optionally in double quotes, a doubled quote inside a
 * quoted field is one quote, quoted fields may hold commas and line breaks (read as {@code \n}); CRLF, LF or CR end
 * a record; a leading UTF-8 byte order mark is dropped; blank lines are skipped.
 */
public final class Csv {

  /**
   * One record.
   *
   * @param line the 1-based line number of the record's first line
   * @param fields the fields
   */
  public record Row(int line, List<String> fields) {}

  /** A syntax error, with the line it is on. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    SyntaxError(int line, String message) {
      super(message);
      this.line = line;
    }

    /** @return the 1-based line number */
    public int line() {
      return line;
    }
  }

  private Csv() {}

  /**
   * Parses a whole CSV text.
   *
   * @param s the text
   * @return the records
   * @throws SyntaxError on an unterminated quoted field or a quote in the wrong place
   */
  public static List<Row> parse(String s) throws SyntaxError {
    List<Row> rows = new ArrayList<>();
    int n = s.length();
    int i = !s.isEmpty() && s.charAt(0) == '\uFEFF' ? 1 : 0;
    int line = 1;
    StringBuilder sb = new StringBuilder();
    while (i < n) {
      int recordLine = line;
      List<String> fields = new ArrayList<>();
      while (true) {
        sb.setLength(0);
        if (i < n && s.charAt(i) == '"') {
          int quoteLine = line;
          i++;
          while (true) {
            if (i >= n) {
              throw new SyntaxError(quoteLine, "line " + quoteLine + ": quoted field is never closed (a '\"' is missing; write a quote inside a quoted field as '\"\"')");
            }
            char c = s.charAt(i);
            if (c == '"') {
              if (i + 1 < n && s.charAt(i + 1) == '"') {
                sb.append('"');
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (c == '\r' || c == '\n') {
              if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                i++;
              }
              sb.append('\n');
              line++;
            } else {
              sb.append(c);
            }
            i++;
          }
          if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\r' && s.charAt(i) != '\n') {
            throw new SyntaxError(line, "line " + line + ": unexpected '" + s.charAt(i) + "' after a closing quote (quote the whole field; a quote inside is written '\"\"')");
          }
        } else {
          while (i < n) {
            char c = s.charAt(i);
            if (c == ',' || c == '\r' || c == '\n') {
              break;
            }
            if (c == '"') {
              throw new SyntaxError(line, "line " + line + ": '\"' inside an unquoted field (quote the whole field and write the quote as '\"\"')");
            }
            sb.append(c);
            i++;
          }
        }
        fields.add(sb.toString());
        if (i < n && s.charAt(i) == ',') {
          i++;
          continue;
        }
        if (i < n) {
          if (s.charAt(i) == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
            i++;
          }
          i++;
          line++;
        }
        break;
      }
      if (!(fields.size() == 1 && fields.get(0).isBlank())) {
        rows.add(new Row(recordLine, List.copyOf(fields)));
      }
    }
    return rows;
  }
}
