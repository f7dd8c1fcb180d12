package dev.alertkit.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The baseline the DLT registry is measured against: one compiled regex per template (static text quoted, each
 * placeholder a bounded class), tried in registration order until one matches the whole text.
 */
public final class NaiveDltMatcher {
  private final List<Pattern> patterns = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  /**
   * Compiles every template.
   *
   * @param templates the templates
   */
  public NaiveDltMatcher(List<DltTemplates.Template> templates) {
    for (DltTemplates.Template t : templates) {
      patterns.add(Pattern.compile(regex(t), Pattern.DOTALL));
      ids.add(t.id());
    }
  }

  /**
   * Finds the first template whose regex matches the whole text.
   *
   * @param text the message
   * @return the template id, or null when none matches
   */
  public String match(String text) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(text).matches()) {
        return ids.get(i);
      }
    }
    return null;
  }

  private static String regex(DltTemplates.Template t) {
    StringBuilder r = new StringBuilder();
    String text = t.text();
    int from = 0;
    for (DltTemplates.Type p : t.placeholders()) {
      int at = text.indexOf(p.token(), from);
      r.append(Pattern.quote(text.substring(from, at)));
      switch (p) {
        case NUMERIC:
          r.append("[0-9]{1,30}");
          break;
        case ALPHANUMERIC:
          r.append("[A-Za-z0-9]{1,30}");
          break;
        case URL:
          r.append("\\S{1,30}");
          break;
        default:
          r.append(".{0,30}");
          break;
      }
      from = at + p.token().length();
    }
    r.append(Pattern.quote(text.substring(from)));
    return r.toString();
  }
}
