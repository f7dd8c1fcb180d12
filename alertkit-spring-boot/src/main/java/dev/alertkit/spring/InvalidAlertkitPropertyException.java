package dev.alertkit.spring;

/**
 * An {@code alertkit.*} property broke one of alertkit's rules. Startup fails with the property path and alertkit's
 * own message (never the value of a secret).
 */
public class InvalidAlertkitPropertyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The property path, e.g. {@code alertkit.routing.rules[0].deliver}. */
  private final String property;

  /**
   * Creates the exception.
   *
   * @param property the property path, e.g. {@code alertkit.routing.rules[0].deliver}
   * @param problem what is wrong with it
   * @param cause alertkit's validation error, or null
   */
  public InvalidAlertkitPropertyException(String property, String problem, Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = property;
  }

  /** @return the property path */
  public String property() {
    return property;
  }
}
