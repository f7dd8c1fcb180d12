package dev.alertkit.examples.snippets;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Match;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.twilio.TwilioProviders;
import java.time.Duration;

/** Snippets of docs/contacts.md ("Keeping contacts reachable"); compiled by the build, checked by DocSnippetsTest. */
final class ContactSnippets {
  private ContactSnippets() {}

  static RoutingPolicy verifiedOnly() {
    return
    // tag::contacts-verified-only[]
    RoutingPolicy.builder()
        .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("critical")
            .deliver(Channel.SMS, Channel.VOICE).thenFallbackTo(Channel.EMAIL)
            .requireVerifiedAddresses())
        .otherwise(Rule.deliver(Channel.EMAIL))
        .build();
    // end::contacts-verified-only[]
  }

  static AlertClient lineTypes(TwilioProviders twilio, SendGridConfig sendgrid) {
    // tag::contacts-line-type[]
    AlertClient client = AlertClient.builder()
        .provider(twilio.sms()).provider(twilio.voice())
        .provider(SendGridProviders.email(sendgrid))
        .contactCheck(twilio.lineTypeCheck().cacheFor(Duration.ofDays(30)).build())
        .build();
    // end::contacts-line-type[]
    return client;
  }

  static AlertClient suppressions() {
    // tag::contacts-suppressions[]
    SendGridConfig config = SendGridConfig.fromEnv();
    AlertClient client = AlertClient.builder()
        .provider(SendGridProviders.email(config))
        .contactCheck(SendGridProviders.suppressionCheck(config)
            .bypassForCritical(true)          // opt-in, see below
            .build())
        .build();
    // end::contacts-suppressions[]
    return client;
  }
}
