package dev.alertkit.testkit;

import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.DeliveryStatus;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FakeProvider} received and answered for one message: the full {@link OutboundMessage}, the
 * {@link SendResult} it returned, and the delivery events it reported since. An immutable snapshot taken when
 * {@link FakeProvider#recorded()} was called.
 *
 * <pre>{@code
 * RecordedMessage m = sms.recorded().get(0);
 * m.to();                  // "+14155550100"
 * m.providerMessageId();   // Optional[fake-sms-1]
 * m.deliveryStatus();      // Optional[QUEUED], then DELIVERED after sms.deliverAll()
 * }</pre>
 *
 * @param sequence position in the order the fake received messages, from 1
 * @param message the message exactly as the client handed it over
 * @param receivedAt when the fake received it (the client's clock)
 * @param result what the fake answered
 * @param deliveryStatus the latest status reported for it (moves forward only), empty when it was rejected
 * @param events the delivery events the fake reported for it, in order
 */
public record RecordedMessage(int sequence, OutboundMessage message, Instant receivedAt, SendResult result,
    Optional<DeliveryStatus> deliveryStatus, List<DeliveryEvent> events) {

  /**
   * Validates and copies.
   *
   * @param sequence position in the order the fake received messages, from 1
   * @param message the message exactly as the client handed it over
   * @param receivedAt when the fake received it
   * @param result what the fake answered
   * @param deliveryStatus the latest status reported for it
   * @param events the delivery events reported for it, in order
   * @throws NullPointerException when a value is null
   */
  public RecordedMessage {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(deliveryStatus, "deliveryStatus");
    events = List.copyOf(events);
  }

  /** @return whether the fake accepted the message */
  public boolean accepted() {
    return result.isAccepted();
  }

  /** @return the provider message id the fake answered with, when it accepted with one */
  public Optional<String> providerMessageId() {
    return result instanceof SendResult.Accepted ? ((SendResult.Accepted) result).providerMessageId() : Optional.empty();
  }

  /** @return the failure the fake answered with, when it rejected the message */
  public Optional<Failure> failure() {
    return result.failureIfRejected();
  }

  /** @return the channel */
  public Channel channel() {
    return message.channel();
  }

  /** @return the recipient's id */
  public String recipientId() {
    return message.recipient().id();
  }

  /** @return the alert's id */
  public String alertId() {
    return message.alert().id();
  }

  /** @return the client's attempt id */
  public String attemptId() {
    return message.attemptId();
  }

  /** @return the address */
  public String to() {
    return message.to();
  }

  /** @return the text */
  public String text() {
    return message.text();
  }

  /** @return the email subject (meaningful for email) */
  public String subject() {
    return message.subject();
  }

  /**
   * One line for failure messages, e.g.
   * {@code #1 SMS to 'alice' (+14155550100) "[CRITICAL] disk 97%" -> accepted id=fake-sms-1 status=DELIVERED}.
   *
   * @return the line
   */
  public String describe() {
    StringBuilder s = new StringBuilder("#").append(sequence).append(' ').append(channel()).append(" to '")
        .append(recipientId()).append("' (").append(to()).append(") alert=").append(alertId());
    if (channel() == Channel.EMAIL) {
      s.append(" subject=\"").append(abbreviate(subject())).append('"');
    }
    s.append(" \"").append(abbreviate(text())).append("\" -> ");
    if (accepted()) {
      s.append("accepted");
      providerMessageId().ifPresent(id -> s.append(" id=").append(id));
      deliveryStatus.ifPresent(st -> s.append(" status=").append(st));
    } else {
      s.append("rejected ").append(failure().orElseThrow());
    }
    return s.toString();
  }

  static String abbreviate(String text) {
    String one = text.replace("\r", "").replace("\n", "\\n");
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }
}
