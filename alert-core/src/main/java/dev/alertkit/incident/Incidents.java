package dev.alertkit.incident;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import java.util.Optional;

/**
 * The incidents of one {@code AlertClient} ({@code client.incidents()}): raise, acknowledge, resolve, look up, and
 * the verified-reply entry points that webhook handlers (e.g. {@code TwilioInboundWebhooks}) call after they checked
 * the provider's signature. Thread-safe.
 */
public interface Incidents {

  /**
   * Opens an incident for the alert and pages the policy's first step now; later steps follow while nobody
   * acknowledges. An alert whose dedup key belongs to an open incident attaches to it instead (counted, on the
   * timeline) and pages nobody.
   *
   * @param alert the alert (its id becomes the incident id; its recipients are not paged, the policy's targets are)
   * @param policy the escalation policy
   * @return the incident's handle (the open one it attached to, for a duplicate)
   * @throws NullPointerException when an argument is null
   * @throws ValidationException when the policy uses a channel no provider of the client serves (names the step)
   * @throws dev.alertkit.AlertRejectedException when the client is closed
   */
  IncidentHandle raise(Alert alert, EscalationPolicy policy);

  /**
   * Acknowledges an incident. The first acknowledgement wins; later ones, and ones after resolve, change nothing and
   * say why.
   *
   * @param incidentId the incident
   * @param by who (a recipient id or a user name)
   * @param via how it came
   * @return what happened
   * @throws NullPointerException when an argument is null
   */
  AckResult acknowledge(String incidentId, String by, AckChannel via);

  /**
   * Resolves an incident: no later step starts.
   *
   * @param incidentId the incident
   * @param by who
   * @return what happened
   * @throws NullPointerException when an argument is null
   */
  AckResult resolve(String incidentId, String by);

  /**
   * Resolves the open incident with a dedup key (the monitored condition cleared).
   *
   * @param dedupKey the key
   * @param by who
   * @return what happened ({@link AckResult.Outcome#UNKNOWN_INCIDENT} when no incident with that key is open)
   * @throws NullPointerException when an argument is null
   */
  AckResult resolveByDedupKey(String dedupKey, String by);

  /**
   * @param incidentId the incident
   * @return its current snapshot, if known
   * @throws NullPointerException when incidentId is null
   */
  Optional<Incident> find(String incidentId);

  /**
   * Handles a verified inbound reply: an acknowledgement code, STOP/START/HELP keywords. Call it only after the
   * provider's signature was verified.
   *
   * @param channel {@link Channel#SMS} or {@link Channel#WHATSAPP}
   * @param from the sender's number (E.164; a {@code whatsapp:} prefix is ignored)
   * @param body what the person wrote
   * @return what happened and what to answer
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when channel is neither SMS nor WhatsApp
   */
  ReplyResult reply(Channel channel, String from, String body);

  /**
   * The signed acknowledgement links of this client, when configured ({@code AlertClient.Builder#ackLinks}).
   *
   * @return the links
   */
  Optional<AckLinks> links();
}
