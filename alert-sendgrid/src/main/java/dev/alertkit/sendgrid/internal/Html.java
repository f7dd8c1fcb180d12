package dev.alertkit.sendgrid.internal;

/** HTML escaping for user data (titles, bodies, label keys and values) placed in element content or attributes. */
public final class Html {
  private Html() {}

  /**
   * Escapes {@code & < > " '} so the text is safe both as element content and inside a quoted attribute.
   *
   * @param text the raw text
   * @return the escaped text
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement;
      switch (c) {
        case '&':
          replacement = "&amp;";
          break;
        case '<':
          replacement = "&lt;";
          break;
        case '>':
          replacement = "&gt;";
          break;
        case '"':
          replacement = "&quot;";
          break;
        case '\'':
          replacement = "&#39;";
          break;
        default:
          replacement = null;
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * Escapes a multi-line text and turns its line breaks into {@code <br>}.
   *
   * @param text the raw text
   * @return HTML
   */
  public static String escapeLines(String text) {
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>\n");
  }
}
