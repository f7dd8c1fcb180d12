package dev.alertkit;

/**
 * Thrown by a builder's {@code build()} (or setter) when a value breaks a rule. The message always names the
 * field and the rule, e.g. {@code "recipient[alice].phone: '12345' has no country code and no default region is set"}.
 */
public class ValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The path of the rejected field, e.g. {@code recipient[alice].phone}. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the field that broke a rule, e.g. {@code "title"}
   * @param rule what the rule says, e.g. {@code "must not be blank"}
   */
  public ValidationException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  /**
   * The field that broke the rule.
   *
   * @return the field name, as used in the message
   */
  public String field() {
    return field;
  }
}
