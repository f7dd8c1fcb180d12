package dev.alertkit.sendgrid;

/**
 * SendGrid's suppression lists that {@link SuppressionCheck} can consult, with the endpoint for one address and the
 * mail setting that bypasses the list in an emergency.
 */
public enum SuppressionList {
  /** Hard bounces: {@code GET /v3/suppression/bounces/{email}}; bypass {@code bypass_bounce_management}. */
  BOUNCES("bounces", "suppression/bounces/", "bypass_bounce_management"),
  /**
   * Blocks: {@code GET /v3/suppression/blocks/{email}}. SendGrid does not suppress later mail to a blocked address,
   * so this list is not consulted unless asked for ({@link SuppressionCheck.Builder#lists}); no bypass is needed.
   */
  BLOCKS("blocks", "suppression/blocks/", null),
  /** Spam reports: {@code GET /v3/suppression/spam_reports/{email}}; bypass {@code bypass_spam_management}. */
  SPAM_REPORTS("spam_reports", "suppression/spam_reports/", "bypass_spam_management"),
  /**
   * Invalid emails: {@code GET /v3/suppression/invalid_emails/{email}}. Never bypassed: an invalid address cannot
   * receive mail.
   */
  INVALID_EMAILS("invalid_emails", "suppression/invalid_emails/", null),
  /**
   * Global unsubscribes: {@code GET /v3/asm/suppressions/global/{email}} (SendGrid's API has no per-address
   * {@code /v3/suppression/unsubscribes/{email}}); bypass {@code bypass_unsubscribe_management}.
   */
  UNSUBSCRIBES("unsubscribes", "asm/suppressions/global/", "bypass_unsubscribe_management");

  private final String wireName;
  private final String endpoint;
  private final String bypassSetting;

  SuppressionList(String wireName, String endpoint, String bypassSetting) {
    this.wireName = wireName;
    this.endpoint = endpoint;
    this.bypassSetting = bypassSetting;
  }

  /** @return SendGrid's name of the list, e.g. {@code spam_reports} */
  public String wireName() {
    return wireName;
  }

  /** @return the endpoint under {@code /v3/}, to which the address is appended */
  String endpoint() {
    return endpoint;
  }

  /** @return the {@code mail_settings} entry that bypasses this list, or null when none applies */
  String bypassSetting() {
    return bypassSetting;
  }
}
