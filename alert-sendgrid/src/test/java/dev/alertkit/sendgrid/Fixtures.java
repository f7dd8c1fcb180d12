package dev.alertkit.sendgrid;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Severity;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.testkit.emulator.SendGridEmulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builders shared by the provider tests. */
final class Fixtures {
  static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

  private Fixtures() {}

  static Recipient recipient(String id) {
    return Recipient.builder(id).name("Person " + id).email(id + "@example.com").build();
  }

  static Alert.Builder alert(Recipient... recipients) {
    Alert.Builder b = Alert.builder()
        .id("alert-1")
        .severity(Severity.CRITICAL)
        .title("db-1 disk 97% full")
        .body("db-1 /var is at 97%.\nRunbook: https://runbooks.example.com/disk")
        .label("service", "db")
        .label("env", "prod")
        .createdAt(CREATED);
    for (Recipient r : recipients) {
      b.recipient(r);
    }
    return b;
  }

  static OutboundMessage message(Alert alert, Recipient r) {
    return OutboundMessage.builder(alert, r, Channel.EMAIL)
        .attemptId("att-" + r.id())
        .to(r.email().orElseThrow())
        .text(alert.title())
        .build();
  }

  static List<OutboundMessage> messages(Alert alert) {
    List<OutboundMessage> out = new ArrayList<>();
    for (Recipient r : alert.recipients()) {
      out.add(message(alert, r));
    }
    return out;
  }

  static SendGridConfig.Builder config(SendGridEmulator emulator) {
    return SendGridConfig.builder()
        .apiKey(emulator.apiKey())
        .from("alerts@example.com", "Example Alerts")
        .baseUrl(emulator.baseUrl());
  }
}
