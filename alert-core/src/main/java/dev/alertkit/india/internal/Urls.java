package dev.alertkit.india.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Finding URLs in SMS text and normalising them for whitelist comparison. */
public final class Urls {
  private static final String TRAILING = ".,;:!?)]}'\"’”>";

  private Urls() {}

  /**
   * Normalises a URL for comparison: the scheme and host are lower-cased (they are case-insensitive); path and
   * query are kept exactly.
   *
   * @param url the URL as written
   * @return the normalised form
   */
  public static String normalize(String url) {
    String u = url.strip();
    int scheme = u.indexOf("://");
    int hostStart = scheme >= 0 ? scheme + 3 : 0;
    int hostEnd = u.length();
    for (int i = hostStart; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        hostEnd = i;
        break;
      }
    }
    return u.substring(0, hostEnd).toLowerCase(Locale.ROOT) + u.substring(hostEnd);
  }

  /**
   * Finds the URLs in a text: anything starting with {@code http://}, {@code https://} or {@code www.}
   * (case-insensitive, at a word start) up to the next white space, without trailing punctuation.
   *
   * @param text the text
   * @return the URLs in order of appearance
   */
  public static List<String> find(String text) {
    List<String> found = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != 'h' && c != 'H' && c != 'w' && c != 'W') {
        continue;
      }
      if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
        continue;
      }
      if (!(text.regionMatches(true, i, "http://", 0, 7) || text.regionMatches(true, i, "https://", 0, 8) || text.regionMatches(true, i, "www.", 0, 4))) {
        continue;
      }
      int end = i;
      while (end < n && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      while (end > i && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      if (found == null) {
        found = new ArrayList<>(2);
      }
      found.add(text.substring(i, end));
      i = end;
    }
    return found == null ? List.of() : found;
  }
}
