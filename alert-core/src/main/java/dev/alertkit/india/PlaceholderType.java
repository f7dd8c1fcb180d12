package dev.alertkit.india;

/**
 * The placeholders a DLT content template may contain, each standing for one variable part of the text of at
 * most {@value #MAX_LENGTH} characters (Unicode code points).
 */
public enum PlaceholderType {
  /** {@code {#var#}}: any text (may be empty). */
  VAR("var"),
  /** {@code {#numeric#}}: ASCII digits 0–9 only. */
  NUMERIC("numeric"),
  /** {@code {#alphanumeric#}}: letters (any script, with their combining marks) and digits only. */
  ALPHANUMERIC("alphanumeric"),
  /** {@code {#url#}}: a whitelisted URL. */
  URL("url"),
  /** {@code {#urlott#}}: a whitelisted OTT / app link URL. */
  URLOTT("urlott"),
  /** {@code {#cbn#}}: a registered call-back number (digits, {@code +}, {@code -}, spaces, brackets, dots). */
  CBN("cbn"),
  /** {@code {#email#}}: a syntactically valid email address. */
  EMAIL("email");

  /** The longest value a placeholder takes, in Unicode code points. */
  public static final int MAX_LENGTH = 30;

  private final String name;

  PlaceholderType(String name) {
    this.name = name;
  }

  /**
   * The name inside the placeholder, e.g. {@code "numeric"}; also the variable-key prefix for typed keys.
   *
   * @return the name
   */
  public String typeName() {
    return name;
  }

  /**
   * The placeholder as written in a template, e.g. {@code "{#numeric#}"}.
   *
   * @return the token
   */
  public String token() {
    return "{#" + name + "#}";
  }

  /**
   * The type for a placeholder name as written between {@code {#} and {@code #}} (exact, lower case).
   *
   * @param name e.g. {@code "url"}
   * @return the type, or null when the name is not a DLT placeholder
   */
  static PlaceholderType byName(String name) {
    for (PlaceholderType t : values()) {
      if (t.name.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
