package dev.alertkit.cost;

/** What happens to a message whose estimate would take a budget over its limit. */
public enum BudgetPolicy {
  /**
   * Do not send this SMS, voice call or WhatsApp message, so that routing falls back to its next tier: the rule
   * needs an email tier ({@code deliver(SMS).thenFallbackTo(EMAIL)}) for the person to hear about the alert. An
   * email over budget is suppressed (there is nothing cheaper).
   */
  DOWNGRADE,
  /** Send nothing to this recipient for this alert; the report says which budget stopped it. */
  SUPPRESS,
  /** Send anyway and count the spend (over the limit); not possible for a hard cap, which downgrades instead. */
  ALLOW
}
