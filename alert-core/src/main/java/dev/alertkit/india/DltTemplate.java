package dev.alertkit.india;

import dev.alertkit.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A registered DLT content template: its id, category, the headers it is registered for and its text, in which
 * only the placeholders ({@code {#var#}}, {@code {#numeric#}}, {@code {#alphanumeric#}}, {@code {#url#}},
 * {@code {#urlott#}}, {@code {#cbn#}}, {@code {#email#}}) may vary. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * DltTemplate otp = DltTemplate.builder("1107161234567890123")
 *     .category(TemplateCategory.SERVICE_IMPLICIT)
 *     .header("ALRTKT")
 *     .text("Dear {#var#}, your OTP is {#numeric#}. -AlertKit")
 *     .build();
 * }</pre>
 */
public final class DltTemplate {
  private final String id;
  private final String name;
  private final TemplateCategory category;
  private final List<String> headers;
  private final String text;
  private final List<String> statics;
  private final List<PlaceholderType> placeholders;

  private DltTemplate(Builder b, List<String> statics, List<PlaceholderType> placeholders) {
    this.id = b.id;
    this.name = b.name;
    this.category = b.category;
    this.headers = List.copyOf(b.headers);
    this.text = b.text;
    this.statics = List.copyOf(statics);
    this.placeholders = List.copyOf(placeholders);
  }

  /**
   * Starts a template.
   *
   * @param templateId the content template id (digits; 19 in practice, 12–19 accepted)
   * @return a builder
   */
  public static Builder builder(String templateId) {
    return new Builder(templateId);
  }

  /** @return the content template id */
  public String id() {
    return id;
  }

  /** @return the template's name in the DLT portal, when known */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the category */
  public TemplateCategory category() {
    return category;
  }

  /** @return the headers this template is registered for, exactly as registered, in registration order */
  public List<String> headers() {
    return headers;
  }

  /** @return the template text with its placeholders, exactly as registered */
  public String text() {
    return text;
  }

  /** @return the placeholders in the order they appear */
  public List<PlaceholderType> placeholders() {
    return placeholders;
  }

  /**
   * The static parts around the placeholders: {@code placeholders().size() + 1} strings, possibly empty, such that
   * the text is {@code static(0) placeholder(0) static(1) ... static(n)}.
   *
   * @return the static parts
   */
  public List<String> staticParts() {
    return statics;
  }

  /**
   * Fills the placeholders with values, without checking the values (the guard checks them).
   *
   * @param values one value per placeholder, in placeholder order
   * @return the text
   * @throws ValidationException when the number of values differs from the number of placeholders or one is null
   */
  public String render(List<String> values) {
    if (values == null || values.size() != placeholders.size()) {
      throw new ValidationException(
          "template[" + id + "].values", "needs " + placeholders.size() + " values, one per placeholder (got " + (values == null ? "none" : values.size()) + ")");
    }
    StringBuilder s = new StringBuilder(text.length() + 32).append(statics.get(0));
    for (int i = 0; i < values.size(); i++) {
      s.append(Objects.requireNonNull(values.get(i), "value")).append(statics.get(i + 1));
    }
    return s.toString();
  }

  /**
   * Orders variables given by key, as {@link dev.alertkit.SmsContent#dlt} takes them, into one value per
   * placeholder. Keys are {@code var1}, {@code var2}, ... for the 1st, 2nd, ... placeholder of any type, or a
   * type name with an index for the n-th placeholder of that type: {@code numeric1}, {@code alphanumeric1},
   * {@code url1}, {@code urlott1}, {@code cbn1}, {@code email1}. Keys are case-sensitive and each placeholder takes
   * exactly one key.
   *
   * @param variables the variables
   * @return one value per placeholder, in placeholder order
   * @throws ValidationException naming the key when a key is unknown or out of range, a placeholder is given twice,
   *     or a placeholder has no value
   */
  public List<String> values(Map<String, String> variables) {
    Map<PlaceholderType, List<Integer>> byType = new EnumMap<>(PlaceholderType.class);
    for (int i = 0; i < placeholders.size(); i++) {
      byType.computeIfAbsent(placeholders.get(i), k -> new ArrayList<>()).add(i);
    }
    String[] values = new String[placeholders.size()];
    String[] keyOf = new String[placeholders.size()];
    for (Map.Entry<String, String> e : variables.entrySet()) {
      String key = e.getKey();
      int digits = key.length();
      while (digits > 0 && Character.isDigit(key.charAt(digits - 1))) {
        digits--;
      }
      PlaceholderType type = digits == key.length() || digits == 0 ? null : PlaceholderType.byName(key.substring(0, digits));
      int index = -1;
      if (type != null && key.length() - digits <= 3) {
        int n = Integer.parseInt(key.substring(digits));
        if (type == PlaceholderType.VAR) {
          index = n >= 1 && n <= placeholders.size() ? n - 1 : -1;
        } else {
          List<Integer> ofType = byType.getOrDefault(type, List.of());
          index = n >= 1 && n <= ofType.size() ? ofType.get(n - 1) : -1;
        }
      }
      if (index < 0) {
        throw new ValidationException(
            "sms.variables[" + key + "]", "template " + id + " has no placeholder for this key; it has " + placeholders.size()
                + " placeholder(s) " + describePlaceholders() + ", keyed var1..var" + placeholders.size() + " or by type (numeric1, url1, ...)");
      }
      if (values[index] != null) {
        throw new ValidationException(
            "sms.variables[" + key + "]", "placeholder " + (index + 1) + " " + placeholders.get(index).token() + " is already given as '" + keyOf[index] + "'");
      }
      values[index] = Objects.requireNonNull(e.getValue(), "value");
      keyOf[index] = key;
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new ValidationException(
            "sms.variables", "template " + id + " needs a value for placeholder " + (i + 1) + " " + placeholders.get(i).token() + " (key 'var" + (i + 1) + "')");
      }
    }
    return List.of(values);
  }

  private String describePlaceholders() {
    StringBuilder s = new StringBuilder();
    for (PlaceholderType p : placeholders) {
      s.append(p.token());
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DltTemplate)) {
      return false;
    }
    DltTemplate t = (DltTemplate) o;
    return id.equals(t.id) && Objects.equals(name, t.name) && category == t.category && headers.equals(t.headers) && text.equals(t.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, category, text);
  }

  @Override
  public String toString() {
    return "DltTemplate{" + id + ", " + category.label() + ", headers=" + headers + ", \"" + text + "\"}";
  }

  /** Builds a {@link DltTemplate}; validates in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String name;
    private TemplateCategory category;
    private final Set<String> headers = new LinkedHashSet<>();
    private String text;

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets the template's name in the DLT portal (informational).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name == null || name.isBlank() ? null : name.strip();
      return this;
    }

    /**
     * Sets the category.
     *
     * @param category the category
     * @return this builder
     */
    public Builder category(TemplateCategory category) {
      this.category = category;
      return this;
    }

    /**
     * Adds headers the template is registered for.
     *
     * @param headers header values exactly as registered
     * @return this builder
     */
    public Builder header(String... headers) {
      Collections.addAll(this.headers, headers);
      return this;
    }

    /**
     * Adds headers the template is registered for.
     *
     * @param headers header values exactly as registered
     * @return this builder
     */
    public Builder headers(Collection<String> headers) {
      this.headers.addAll(headers);
      return this;
    }

    /**
     * Sets the template text, exactly as registered (case, punctuation, spaces, line breaks, quotes).
     *
     * @param text the text with placeholders
     * @return this builder
     */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the template
     * @throws ValidationException naming the field and the rule when: the id is not 12–19 digits; the category is
     *     missing; there is no header or a header breaks the header format; the text is blank, longer than
     *     {@value dev.alertkit.SmsContent#MAX_TEXT_LENGTH} characters, or has an unknown or unbalanced placeholder
     */
    public DltTemplate build() {
      DltIds.check("template.id", id);
      String field = "template[" + id + "]";
      if (category == null) {
        throw new ValidationException(field + ".category", "is required");
      }
      if (headers.isEmpty()) {
        throw new ValidationException(field + ".headers", "at least one header is required");
      }
      for (String h : headers) {
        try {
          DltHeader.of(h);
        } catch (ValidationException e) {
          throw new ValidationException(field + ".headers", e.getMessage().substring("header: ".length()));
        }
      }
      if (text == null || text.isBlank()) {
        throw new ValidationException(field + ".text", "must not be blank");
      }
      if (text.length() > dev.alertkit.SmsContent.MAX_TEXT_LENGTH) {
        throw new ValidationException(field + ".text", "must be at most " + dev.alertkit.SmsContent.MAX_TEXT_LENGTH + " characters (was " + text.length() + ")");
      }
      List<String> statics = new ArrayList<>();
      List<PlaceholderType> placeholders = new ArrayList<>();
      parse(field + ".text", text, statics, placeholders);
      return new DltTemplate(this, statics, placeholders);
    }
  }

  private static void parse(String field, String text, List<String> statics, List<PlaceholderType> placeholders) {
    int from = 0;
    while (true) {
      int open = text.indexOf("{#", from);
      int strayClose = text.indexOf("#}", from);
      if (strayClose >= 0 && (open < 0 || strayClose < open)) {
        throw new ValidationException(field, "'#}' at index " + strayClose + " closes no placeholder (placeholders are written {#var#})");
      }
      if (open < 0) {
        statics.add(text.substring(from));
        return;
      }
      int close = text.indexOf("#}", open + 2);
      int nextOpen = text.indexOf("{#", open + 2);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        throw new ValidationException(field, "placeholder opened with '{#' at index " + open + " is not closed with '#}'");
      }
      String name = text.substring(open + 2, close);
      PlaceholderType type = PlaceholderType.byName(name);
      if (type == null) {
        throw new ValidationException(
            field, "unknown placeholder '{#" + name + "#}' at index " + open + " (known: {#var#}, {#numeric#}, {#alphanumeric#}, {#url#}, {#urlott#}, {#cbn#}, {#email#}; lower case)");
      }
      statics.add(text.substring(from, open));
      placeholders.add(type);
      from = close + 2;
    }
  }
}
