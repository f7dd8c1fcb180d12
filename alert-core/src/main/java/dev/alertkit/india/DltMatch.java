package dev.alertkit.india;

import java.util.List;
import java.util.Objects;

/**
 * A text that passed the DLT rules: the template it matched, the header to send it from, the final text and the
 * value of each placeholder.
 */
public final class DltMatch {
  private final DltTemplate template;
  private final String header;
  private final String text;
  private final List<String> values;

  DltMatch(DltTemplate template, String header, String text, List<String> values) {
    this.template = template;
    this.header = header;
    this.text = text;
    this.values = List.copyOf(values);
  }

  /** @return the matched template */
  public DltTemplate template() {
    return template;
  }

  /** @return the header (sender id) to send from, exactly as registered */
  public String header() {
    return header;
  }

  /** @return the final text (rendered from the template when variables were given) */
  public String text() {
    return text;
  }

  /** @return the placeholder values, in placeholder order */
  public List<String> values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DltMatch)) {
      return false;
    }
    DltMatch m = (DltMatch) o;
    return template.equals(m.template) && header.equals(m.header) && text.equals(m.text) && values.equals(m.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(template.id(), header, text);
  }

  @Override
  public String toString() {
    return "DltMatch{template=" + template.id() + ", header=" + header + ", values=" + values + "}";
  }
}
