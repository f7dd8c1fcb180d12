package com.example.alerts;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.DispatchReport;
import dev.alertkit.Match;
import dev.alertkit.Recipient;
import dev.alertkit.RoutingPolicy;
import dev.alertkit.Rule;
import dev.alertkit.Severity;
import dev.alertkit.sendgrid.SendGridConfig;
import dev.alertkit.sendgrid.SendGridProviders;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioProviders;

/** Application code as a user writes it: Twilio SMS for critical alerts, SendGrid email otherwise. */
public final class OnCallPager implements AutoCloseable {
  private final AlertClient client;

  /**
   * Creates the pager.
   *
   * @param twilio the Twilio account
   * @param sendgrid the SendGrid account
   */
  public OnCallPager(TwilioConfig twilio, SendGridConfig sendgrid) {
    this.client = AlertClient.builder()
        .provider(TwilioProviders.sms(twilio))
        .provider(SendGridProviders.email(sendgrid))
        .routing(RoutingPolicy.builder()
            .rule(Rule.when(Match.severityAtLeast(Severity.CRITICAL)).named("page")
                .deliver(Channel.SMS).thenFallbackTo(Channel.EMAIL))
            .otherwise(Rule.deliver(Channel.EMAIL).named("email"))
            .build())
        .build();
  }

  /**
   * Pages someone.
   *
   * @param who the person
   * @param severity how bad
   * @param title what happened
   * @return the report
   */
  public DispatchReport page(Recipient who, Severity severity, String title) {
    return client.send(Alert.builder().severity(severity).title(title).recipient(who).build());
  }

  @Override
  public void close() {
    client.close();
  }
}
