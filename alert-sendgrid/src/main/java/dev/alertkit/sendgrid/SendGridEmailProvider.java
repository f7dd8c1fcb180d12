package dev.alertkit.sendgrid;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import dev.alertkit.Channel;
import dev.alertkit.sendgrid.internal.AbortableHttpClient;
import dev.alertkit.sendgrid.internal.Classifier;
import dev.alertkit.sendgrid.internal.EmailRenderer;
import dev.alertkit.sendgrid.internal.MailJson;
import dev.alertkit.sendgrid.internal.RenderedEmail;
import dev.alertkit.sendgrid.internal.Validation;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.impl.client.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends alert emails through SendGrid's {@code POST /v3/mail/send}: one request per up to 1,000 recipients of the
 * same rendered mail, each recipient its own personalization with its own correlation {@code custom_args}.
 */
final class SendGridEmailProvider implements ChannelProvider {
  private static final Logger log = LoggerFactory.getLogger(SendGridEmailProvider.class);

  private final SendGridConfig config;
  private final Client client;
  private final SendGrid sendGrid;
  private final EmailRenderer renderer = new EmailRenderer();
  private final MailJson json = new MailJson();
  private final Classifier classifier;
  private final MailJson.Envelope envelope;
  private final int maxRequestBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AbortableHttpClient http;

  SendGridEmailProvider(SendGridConfig config, CloseableHttpClient http, int maxRequestBytes) {
    this.config = config;
    this.maxRequestBytes = maxRequestBytes;
    // One long-lived SDK client over our own pool; its close() closes the HTTP client. Only the synchronous
    // api() path is used: attempt() runs on the SDK's own thread pool and retries on its own.
    this.http = new AbortableHttpClient(http);
    this.client = new Client(this.http, config.plainHttp());
    this.sendGrid = new SendGrid(config.apiKey(), client);
    this.sendGrid.setHost(config.hostAndPort());
    this.classifier = new Classifier(json, config.clock());
    this.envelope = new MailJson.Envelope(
        config.fromEmail(), config.fromName(), config.replyTo(), config.categories(), config.asmGroupId(), config.sandbox());
  }

  /** @return the host the SDK sends to, with port when overridden (for tests) */
  String host() {
    return sendGrid.getHost();
  }

  @Override
  public String name() {
    return SendGridProviders.NAME;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  /** @return the connection pool size: more requests in flight would only wait for a connection */
  @Override
  public int maxConcurrency() {
    return config.http().poolSize();
  }

  /**
   * Sends a batch; when the client aborts the request in flight (timeout, close), the HTTP request is aborted.
   *
   * @param messages the messages
   * @param abort the client's abort signal
   * @return one result per message
   */
  @Override
  public List<SendResult> sendBatch(List<OutboundMessage> messages, dev.alertkit.spi.AbortSignal abort) {
    return http.withAbort(abort, () -> sendBatch(messages));
  }

  /**
   * Sends one message; abortable like {@link #sendBatch(List, dev.alertkit.spi.AbortSignal)}.
   *
   * @param message the message
   * @param abort the client's abort signal
   * @return the result
   */
  @Override
  public SendResult send(OutboundMessage message, dev.alertkit.spi.AbortSignal abort) {
    return http.withAbort(abort, () -> send(message));
  }

  @Override
  public int maxBatchSize() {
    return SendGridProviders.MAX_PERSONALIZATIONS;
  }

  @Override
  public SendResult send(OutboundMessage message) {
    Objects.requireNonNull(message, "message");
    return sendBatch(List.of(message)).get(0);
  }

  @Override
  public List<SendResult> sendBatch(List<OutboundMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    SendResult[] results = new SendResult[messages.size()];
    try {
      if (closed.get()) {
        Arrays.fill(results, SendResult.rejected(
            Failure.permanent(Failure.Fault.PROVIDER, "the SendGrid provider is closed; nothing was sent").build()));
        return List.of(results);
      }
      List<MailJson.Personalization> personalizations = new ArrayList<>(messages.size());
      // mail_settings hold for a whole request: mails with an emergency bypass go in requests of their own.
      Map<Group, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < messages.size(); i++) {
        OutboundMessage m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
        MailJson.Personalization p = personalization(m);
        personalizations.add(p);
        SendResult refused = check(m, p);
        if (refused != null) {
          results[i] = refused;
          continue;
        }
        groups.computeIfAbsent(new Group(renderer.render(m), bypass(m)), k -> new ArrayList<>()).add(i);
      }
      for (Map.Entry<Group, List<Integer>> group : groups.entrySet()) {
        List<Integer> indices = group.getValue();
        for (int from = 0; from < indices.size(); from += SendGridProviders.MAX_PERSONALIZATIONS) {
          List<Integer> chunk = indices.subList(from, Math.min(indices.size(), from + SendGridProviders.MAX_PERSONALIZATIONS));
          sendChunk(group.getKey().email(), group.getKey().bypass(), chunk, messages, personalizations, results);
        }
      }
    } catch (RuntimeException e) {
      // Should not happen; never let it escape. Whatever has no result yet may or may not have been sent.
      log.warn("Unexpected error in the SendGrid provider: {}", dev.alertkit.spi.support.Redaction.oneLine(e.toString()));
      SendResult unknown = SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER,
          "unexpected error in the SendGrid provider: " + e.getClass().getSimpleName()).build());
      for (int i = 0; i < results.length; i++) {
        if (results[i] == null) {
          results[i] = unknown;
        }
      }
    }
    return List.of(results);
  }

  /** One request's shared part: the rendered mail and the emergency bypass settings. */
  private record Group(RenderedEmail email, java.util.Set<String> bypass) {}

  /** The bypass mail settings a {@link SuppressionCheck} attached, limited to the ones SendGrid defines. */
  private static java.util.Set<String> bypass(OutboundMessage m) {
    String v = m.attributes().get(SuppressionCheck.BYPASS_ATTRIBUTE);
    if (v == null || v.isBlank()) {
      return java.util.Set.of();
    }
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String s : v.split(",")) {
      String t = s.strip();
      if (t.equals("bypass_bounce_management") || t.equals("bypass_spam_management") || t.equals("bypass_unsubscribe_management")
          || t.equals("bypass_list_management")) {
        out.add(t);
      }
    }
    if (out.contains("bypass_list_management")) {
      return java.util.Set.of("bypass_list_management"); // SendGrid: it cannot be combined with the other bypass filters
    }
    return java.util.Set.copyOf(out);
  }

  private static MailJson.Personalization personalization(OutboundMessage m) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put(SendGridProviders.CUSTOM_ARG_ALERT_ID, m.alert().id());
    args.put(SendGridProviders.CUSTOM_ARG_ATTEMPT_ID, m.attemptId());
    args.put(SendGridProviders.CUSTOM_ARG_RECIPIENT_ID, m.recipient().id());
    return new MailJson.Personalization(m.to(), m.recipient().name(), args);
  }

  /** Client-side checks that would otherwise make SendGrid reject the whole request (every recipient in it). */
  private SendResult check(OutboundMessage m, MailJson.Personalization p) {
    if (m.channel() != Channel.EMAIL) {
      return SendResult.rejected(Failure.permanent(Failure.Fault.PROVIDER,
          "the SendGrid provider sends EMAIL only, not " + m.channel()).build());
    }
    if (!Validation.isEmail(m.to())) {
      return SendResult.rejected(Failure.permanent(Failure.Fault.RECIPIENT,
          "'" + m.to() + "' is not a valid email address; nothing was sent").build());
    }
    int bytes = json.customArgsBytes(p.customArgs());
    if (bytes > SendGridProviders.MAX_CUSTOM_ARGS_BYTES) {
      return SendResult.rejected(Failure.permanent(Failure.Fault.CONTENT, "custom_args are " + bytes
          + " bytes; SendGrid accepts at most " + SendGridProviders.MAX_CUSTOM_ARGS_BYTES + " per personalization").build());
    }
    return null;
  }

  private void sendChunk(
      RenderedEmail email, java.util.Set<String> bypass, List<Integer> chunk, List<OutboundMessage> messages,
      List<MailJson.Personalization> personalizations, SendResult[] results) {
    List<MailJson.Personalization> ps = new ArrayList<>(chunk.size());
    for (int i : chunk) {
      ps.add(personalizations.get(i));
    }
    byte[] body = json.body(envelope, email, ps, bypass);
    if (body.length > maxRequestBytes) {
      if (chunk.size() > 1) {
        int half = chunk.size() / 2;
        sendChunk(email, bypass, chunk.subList(0, half), messages, personalizations, results);
        sendChunk(email, bypass, chunk.subList(half, chunk.size()), messages, personalizations, results);
        return;
      }
      results[chunk.get(0)] = SendResult.rejected(Failure.permanent(Failure.Fault.CONTENT, "the mail is " + body.length
          + " bytes; SendGrid accepts at most " + maxRequestBytes + " bytes per request; nothing was sent").build());
      return;
    }
    OutboundMessage first = messages.get(chunk.get(0));
    SendResult result = post(first.alert().id(), body, chunk.size());
    for (int i : chunk) {
      results[i] = result;
    }
  }

  private SendResult post(String alertId, byte[] body, int recipients) {
    String previousId = MDC.get("alert.id");
    String previousChannel = MDC.get("alert.channel");
    String previousProvider = MDC.get("alert.provider");
    MDC.put("alert.id", alertId);
    MDC.put("alert.channel", Channel.EMAIL.name());
    MDC.put("alert.provider", SendGridProviders.NAME);
    try {
      Request request = new Request();
      request.setMethod(Method.POST);
      request.setEndpoint("mail/send");
      request.setBody(new String(body, StandardCharsets.UTF_8));
      log.debug("SendGrid mail/send for alert {}: {} recipient(s), {} bytes", alertId, recipients, body.length);
      SendResult result;
      try {
        Response response = sendGrid.api(request);
        result = classifier.classify(response.getStatusCode(), response.getHeaders(), response.getBody(), config.sandbox());
      } catch (IOException e) {
        result = classifier.classify(e);
      } catch (RuntimeException e) {
        result = SendResult.rejected(Failure.ambiguous(Failure.Fault.PROVIDER,
            "unexpected error while calling SendGrid; the mail may or may not have been accepted: " + e.getClass().getSimpleName()).build());
      }
      logResult(alertId, recipients, result);
      return result;
    } finally {
      restore("alert.id", previousId);
      restore("alert.channel", previousChannel);
      restore("alert.provider", previousProvider);
    }
  }

  private static void logResult(String alertId, int recipients, SendResult result) {
    if (result instanceof SendResult.Accepted) {
      SendResult.Accepted a = (SendResult.Accepted) result;
      log.debug("SendGrid took the mail for alert {} ({} recipient(s)): {} X-Message-Id {}", alertId, recipients,
          a.providerStatus().orElse(""), a.providerMessageId().orElse("(none)"));
      return;
    }
    Failure f = ((SendResult.Rejected) result).failure();
    if (f.kind() == Failure.Kind.PERMANENT && f.fault() == Failure.Fault.PROVIDER) {
      log.warn("SendGrid refused the mail for alert {} ({} recipient(s)): {}", alertId, recipients, f);
    } else {
      log.debug("SendGrid did not take the mail for alert {} ({} recipient(s)): {}", alertId, recipients, f);
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }

  /** Closes the SDK client and with it the HTTP connection pool, once; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        client.close();
      } catch (IOException e) {
        log.debug("Closing the SendGrid HTTP client failed: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "SendGridEmailProvider{" + config + (closed.get() ? ", closed" : "") + "}";
  }
}
