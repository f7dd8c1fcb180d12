package dev.alertkit.india;

import java.util.Objects;

/**
 * Why an SMS to India breaks the DLT rules: a code (also the {@code providerCode} of the guard's
 * {@link dev.alertkit.Failure}) and a reason a person can act on.
 */
public final class DltViolation {

  /** The rule that was broken. */
  public enum Code {
    /** The header (sender) is not registered. */
    HEADER_NOT_REGISTERED("dlt.header_not_registered"),
    /** The header is registered with a different letter case (headers are case-sensitive). */
    HEADER_CASE("dlt.header_case"),
    /** The template is not registered for the header. */
    HEADER_NOT_FOR_TEMPLATE("dlt.header_not_for_template"),
    /** The template is registered for several headers and nothing says which one to use. */
    HEADER_AMBIGUOUS("dlt.header_ambiguous"),
    /** The given template id is not in the registry. */
    TEMPLATE_UNKNOWN("dlt.template_unknown"),
    /** The text does not match the given template. */
    TEMPLATE_MISMATCH("dlt.template_mismatch"),
    /** The text matches no registered template. */
    NO_TEMPLATE("dlt.no_template"),
    /** The variables given for a template do not fit its placeholders (unknown key, missing value). */
    VARIABLES("dlt.variables"),
    /** A placeholder's value is longer than 30 characters. */
    VARIABLE_TOO_LONG("dlt.variable_too_long"),
    /** A placeholder's value breaks its type ({@code {#numeric#}}, {@code {#alphanumeric#}}, {@code {#email#}}). */
    VARIABLE_TYPE("dlt.variable_type"),
    /** A URL in the text (static or variable) is not whitelisted. */
    URL_NOT_WHITELISTED("dlt.url_not_whitelisted"),
    /** A {@code {#cbn#}} value is not a registered call-back number. */
    CALLBACK_NOT_REGISTERED("dlt.callback_not_registered"),
    /** A promotional template outside the promotional window. */
    PROMOTIONAL_HOURS("dlt.promotional_hours");

    private final String code;

    Code(String code) {
      this.code = code;
    }

    /**
     * The code as reported, e.g. {@code "dlt.header_case"}.
     *
     * @return the code
     */
    public String code() {
      return code;
    }
  }

  private final Code code;
  private final String reason;

  /**
   * Creates a violation.
   *
   * @param code the rule
   * @param reason what is wrong and how to fix it
   * @throws NullPointerException when an argument is null
   */
  public DltViolation(Code code, String reason) {
    this.code = Objects.requireNonNull(code, "code");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** @return the rule that was broken */
  public Code code() {
    return code;
  }

  /** @return what is wrong and how to fix it */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DltViolation && ((DltViolation) o).code == code && ((DltViolation) o).reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, reason);
  }

  @Override
  public String toString() {
    return code.code() + ": " + reason;
  }
}
