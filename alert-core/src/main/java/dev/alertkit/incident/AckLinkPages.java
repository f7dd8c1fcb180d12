package dev.alertkit.incident;

import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves signed acknowledgement links ({@link AckLinks}) through the core webhook contract: {@code GET} shows a small
 * confirmation page (no JavaScript, readable on a phone) and changes nothing, because mail scanners open links;
 * only the page's button ({@code POST}) acknowledges, once. An expired, tampered or already used token gets a clear
 * page and changes nothing. Mount it at {@link AckLinks#path()}.
 *
 * <pre>{@code
 * WebhookHandler pages = AckLinkPages.of(client.incidents(), clock);
 * }</pre>
 */
public final class AckLinkPages implements WebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AckLinkPages.class);
  private static final String HTML = "text/html; charset=utf-8";
  private final Incidents incidents;
  private final AckLinks links;
  private final Clock clock;
  private final dev.alertkit.spi.IncidentStore store;

  private AckLinkPages(Incidents incidents, AckLinks links, Clock clock, dev.alertkit.spi.IncidentStore store) {
    this.incidents = incidents;
    this.links = links;
    this.clock = clock;
    this.store = store;
  }

  /**
   * The pages of a client's links.
   *
   * @param client the client ({@code AlertClient.builder().ackLinks(...)} must have been set)
   * @return the handler
   * @throws IllegalStateException when the client has no ack links
   */
  public static AckLinkPages of(dev.alertkit.AlertClient client) {
    Incidents incidents = client.incidents();
    AckLinks links = incidents.links().orElseThrow(() -> new IllegalStateException("the client has no ackLinks configured"));
    dev.alertkit.internal.IncidentEngine engine = (dev.alertkit.internal.IncidentEngine) incidents;
    return new AckLinkPages(incidents, links, engine.clock(), engine.store());
  }

  @Override
  public WebhookResponse handle(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      if ("GET".equals(request.method())) {
        String token = request.rawQuery().map(Webhooks::parseQuery).map(q -> q.get("t")).orElse(null);
        return confirm(token);
      }
      if ("POST".equals(request.method())) {
        Map<String, String> form = Webhooks.parseForm(request.body());
        return acknowledge(form.get("t"));
      }
      return WebhookResponse.methodNotAllowed();
    } catch (IllegalArgumentException e) {
      return page(400, "Link not valid", "This link is malformed. Use the link from the alert message.", null);
    }
  }

  private WebhookResponse confirm(String token) {
    AckLinks.Verified v = links.verify(token, clock.instant());
    Optional<WebhookResponse> bad = rejected(v, "GET");
    if (bad.isPresent()) {
      return bad.get();
    }
    Optional<Incident> incident = incidents.find(v.incidentId().get());
    if (incident.isEmpty()) {
      return page(404, "Incident not found", "This incident is no longer known. Nothing was changed.", null);
    }
    Incident i = incident.get();
    if (i.state() == IncidentState.ACKNOWLEDGED || i.state() == IncidentState.RESOLVED) {
      return page(200, "Already " + i.state().name().toLowerCase(java.util.Locale.ROOT), describe(i), null);
    }
    return page(200, "Acknowledge this alert?", i.alert().title() + " — " + i.alert().severity()
        + ". Press the button to tell the others you are on it; escalation stops.", token);
  }

  private WebhookResponse acknowledge(String token) {
    AckLinks.Verified v = links.verify(token, clock.instant());
    Optional<WebhookResponse> bad = rejected(v, "POST");
    if (bad.isPresent()) {
      return bad.get();
    }
    if (!store.claimOnce("ack-link:" + v.tokenId().get(), v.expires().get())) {
      LOG.info("ack link for incident {} reused: nothing changed", v.incidentId().get());
      return page(409, "Link already used", "This link was already used. Nothing was changed.", null);
    }
    AckResult r = incidents.acknowledge(v.incidentId().get(), v.recipientId().get(), AckChannel.LINK);
    switch (r.outcome()) {
      case ACKNOWLEDGED:
        return page(200, "Acknowledged", "Thank you, " + v.recipientId().get() + ". Escalation has stopped.", null);
      case UNKNOWN_INCIDENT:
        return page(404, "Incident not found", "This incident is no longer known. Nothing was changed.", null);
      default:
        return page(200, "Nothing changed", "The incident was " + r.reason() + ".", null);
    }
  }

  private Optional<WebhookResponse> rejected(AckLinks.Verified v, String method) {
    if (v.status() == AckLinks.Status.INVALID) {
      LOG.warn("ack link {} rejected: invalid or tampered token", method);
      return Optional.of(page(403, "Link not valid", "This link is not valid (it may have been changed). Nothing was changed.", null));
    }
    if (v.status() == AckLinks.Status.EXPIRED) {
      LOG.info("ack link {} for incident {} rejected: expired at {}", method, v.incidentId().orElse("?"), v.expires().orElse(null));
      return Optional.of(page(410, "Link expired", "This link expired. Nothing was changed. Acknowledge by phone or reply to the SMS.", null));
    }
    return Optional.empty();
  }

  private static String describe(Incident i) {
    if (i.state() == IncidentState.RESOLVED) {
      return "Resolved by " + i.resolvedBy().orElse("?") + ". Nothing to do.";
    }
    return "Acknowledged by " + i.acknowledgedBy().orElse("?") + " via " + i.acknowledgedVia().map(Enum::name).orElse("?")
        + ". Nothing to do.";
  }

  private static WebhookResponse page(int status, String title, String text, String token) {
    StringBuilder b = new StringBuilder(1024)
        .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"robots\" content=\"noindex\"><title>").append(esc(title)).append("</title>")
        .append("<style>body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;max-width:32rem}")
        .append("h1{font-size:1.4rem}p{font-size:1.1rem;line-height:1.4}")
        .append("button{font-size:1.2rem;padding:.9rem 1.2rem;width:100%;border:0;border-radius:.5rem;background:#b00020;color:#fff}")
        .append("</style></head><body><h1>").append(esc(title)).append("</h1><p>").append(esc(text)).append("</p>");
    if (token != null) {
      b.append("<form method=\"post\"><input type=\"hidden\" name=\"t\" value=\"").append(esc(token))
          .append("\"><button type=\"submit\" id=\"ack\">Acknowledge</button></form>");
    }
    b.append("</body></html>");
    return WebhookResponse.of(status, HTML, b.toString());
  }

  private static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&#39;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "AckLinkPages{" + links + "}";
  }
}
