package dev.alertkit.india;

import dev.alertkit.ValidationException;
import java.util.List;

/**
 * Thrown when a DLT template CSV has rows that cannot be read or break a rule. The message lists the problems
 * (up to ten), each starting with the line number of the record's first line, e.g.
 * {@code "templates.csv: line 7: template[11071612].id: '11071612' must be 19 digits (12 to 19 accepted); it has 8"}.
 */
public final class DltCsvException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** The 1-based line number of the first bad record's first line. */
  private final int line;
  /** Every problem found, each starting with {@code "line N: "}. */
  private final List<String> problems;

  DltCsvException(String source, int line, List<String> problems) {
    super(source, summarize(problems));
    this.line = line;
    this.problems = List.copyOf(problems);
  }

  private static String summarize(List<String> problems) {
    int shown = Math.min(problems.size(), 10);
    String s = String.join("; ", problems.subList(0, shown));
    return problems.size() > shown ? s + "; and " + (problems.size() - shown) + " more" : s;
  }

  /**
   * The line of the first problem.
   *
   * @return the 1-based line number of the first bad record's first line
   */
  public int line() {
    return line;
  }

  /**
   * Every problem found, each starting with {@code "line N: "}.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }
}
