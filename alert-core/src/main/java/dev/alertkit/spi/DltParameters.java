package dev.alertkit.spi;

import java.util.Objects;

/**
 * India DLT identifiers attached to an SMS by the compliance guard, for providers that take them per message.
 *
 * @param principalEntityId the sender's registered principal entity id
 * @param templateId the matched content template id
 * @param header the registered header (sender id), exactly as registered
 */
public record DltParameters(String principalEntityId, String templateId, String header) {
  /**
   * Validates.
   *
   * @param principalEntityId the sender's registered principal entity id
   * @param templateId the matched content template id
   * @param header the registered header (sender id), exactly as registered
   * @throws NullPointerException when an argument is null
   */
  public DltParameters {
    Objects.requireNonNull(principalEntityId, "principalEntityId");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(header, "header");
  }
}
