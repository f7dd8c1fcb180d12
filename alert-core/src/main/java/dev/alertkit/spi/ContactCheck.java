package dev.alertkit.spi;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A reachability check run while a dispatch is planned, before any provider is called: may this address be sent
 * to on this channel? Examples: Twilio Lookup's line type (a landline cannot receive SMS), SendGrid's suppression
 * lists (a bounced address is dropped by SendGrid anyway). A check that says {@link Verdict#skip(String) skip}
 * turns the channel into a {@link dev.alertkit.SkippedChannel} with the reason, and routing moves on as the plan
 * says (the next channel of the tier, the next tier).
 *
 * <p>Contract, because a check sits on the paging path:
 * <ul>
 *   <li><b>Bounded cost.</b> {@link #check} runs on the dispatching thread; it must answer within a short, bounded
 *       time (an implementation that calls a remote service uses its own short timeouts) and should cache its
 *       answers (time them with the {@code now} it is given: the client's clock).
 *   <li><b>Never blocks a page.</b> When it cannot tell (remote failure, timeout), it answers {@link Verdict#ok()}:
 *       the send is tried as usual. An exception thrown from {@link #check} is logged and treated as
 *       {@link Verdict#ok()}.
 *   <li><b>Thread-safe.</b> It is called concurrently for many recipients.
 * </ul>
 *
 * <p>Register checks with {@code AlertClient.builder().contactCheck(check)}; the client closes them when it is
 * closed.
 */
public interface ContactCheck extends AutoCloseable {

  /**
   * A short stable name shown in skip reasons, e.g. {@code "twilio-lookup"}.
   *
   * @return the name
   */
  String name();

  /**
   * The channels this check looks at; it is not called for others.
   *
   * @return the channels
   */
  Set<Channel> channels();

  /**
   * Checks one address of one recipient for one channel of an alert.
   *
   * @param alert the alert (its severity may matter, e.g. for an emergency bypass)
   * @param recipient the recipient
   * @param channel one of {@link #channels()}
   * @param address the address that would be used ({@link Recipient#address(Channel)})
   * @param now the client's clock reading
   * @return the verdict; never null
   */
  Verdict check(Alert alert, Recipient recipient, Channel channel, String address, Instant now);

  /** Releases what the check holds (connections, caches). Called by the client's {@code close()}. Default: nothing. */
  @Override
  default void close() {}

  /**
   * What a check decided: go ahead (possibly with attributes for the provider and a note for the report), or skip
   * the channel with a reason.
   */
  final class Verdict {
    private static final Verdict OK = new Verdict(null, Map.of(), null);

    private final String skipReason;
    private final Map<String, String> attributes;
    private final String note;

    private Verdict(String skipReason, Map<String, String> attributes, String note) {
      this.skipReason = skipReason;
      this.attributes = attributes;
      this.note = note;
    }

    /**
     * Go ahead: send as usual. Also the answer when the check cannot tell.
     *
     * @return the verdict
     */
    public static Verdict ok() {
      return OK;
    }

    /**
     * Do not send on this channel.
     *
     * @param reason what a person reads in the report, e.g. "+14155550100 is a landline (Twilio Lookup)"
     * @return the verdict
     * @throws NullPointerException when reason is null
     * @throws IllegalArgumentException when reason is blank
     */
    public static Verdict skip(String reason) {
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a skip reason must not be blank");
      }
      return new Verdict(reason, Map.of(), null);
    }

    /**
     * Go ahead, and tell the provider something through {@link OutboundMessage#attributes()} and the report
     * through a note (e.g. "sent with SendGrid's emergency bypass of the bounce list").
     *
     * @param attributes attributes to attach to the outbound message
     * @param note a one-line note for the recipient's report
     * @return the verdict
     * @throws NullPointerException when an argument is null
     */
    public static Verdict proceed(Map<String, String> attributes, String note) {
      return new Verdict(null, Map.copyOf(new LinkedHashMap<>(attributes)), Objects.requireNonNull(note, "note"));
    }

    /** @return the reason to skip, when the channel must be skipped */
    public Optional<String> skipReason() {
      return Optional.ofNullable(skipReason);
    }

    /** @return attributes for the outbound message (empty unless {@link #proceed}) */
    public Map<String, String> attributes() {
      return attributes;
    }

    /** @return the note for the report, when there is one */
    public Optional<String> note() {
      return Optional.ofNullable(note);
    }

    @Override
    public String toString() {
      return skipReason != null ? "skip: " + skipReason : note != null ? "proceed: " + note : "ok";
    }
  }
}
