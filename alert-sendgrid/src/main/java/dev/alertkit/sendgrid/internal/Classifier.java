package dev.alertkit.sendgrid.internal;

import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import dev.alertkit.spi.SendResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLHandshakeException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;

/**
 * The SendGrid error classification, as two tables read top to bottom (first match wins): one for HTTP answers,
 * one for transport exceptions. Thread-safe.
 *
 * <table>
 *   <caption>HTTP answers</caption>
 *   <tr><th>status</th><th>result</th></tr>
 *   <tr><td>2xx</td><td>accepted; {@code X-Message-Id} (any case) as id, may be absent; status {@code sandbox} when
 *       the request asked for sandbox mode, else {@code accepted}</td></tr>
 *   <tr><td>400</td><td>PERMANENT / CONTENT with SendGrid's error messages</td></tr>
 *   <tr><td>401</td><td>PERMANENT / PROVIDER: bad API key, or "Maximum credits exceeded"</td></tr>
 *   <tr><td>403</td><td>PERMANENT / PROVIDER (sender identity, permissions, IP access)</td></tr>
 *   <tr><td>404</td><td>PERMANENT / PROVIDER (wrong base URL)</td></tr>
 *   <tr><td>413</td><td>PERMANENT / CONTENT (mail too large)</td></tr>
 *   <tr><td>429</td><td>RETRYABLE / PROVIDER, retry-after from {@code X-RateLimit-Reset} (Unix seconds) against the
 *       clock, else {@code Retry-After}</td></tr>
 *   <tr><td>other 4xx</td><td>PERMANENT / PROVIDER</td></tr>
 *   <tr><td>5xx</td><td>AMBIGUOUS / PROVIDER: SendGrid may have taken the mail</td></tr>
 *   <tr><td>1xx, 3xx</td><td>AMBIGUOUS / PROVIDER</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Transport exceptions</caption>
 *   <tr><th>exception</th><th>result</th></tr>
 *   <tr><td>pool lease timeout ({@code ConnectionPoolTimeoutException})</td><td>RETRYABLE / PROVIDER</td></tr>
 *   <tr><td>connect timeout ({@code ConnectTimeoutException})</td><td>RETRYABLE / PROVIDER</td></tr>
 *   <tr><td>connection refused ({@code ConnectException})</td><td>RETRYABLE / PROVIDER</td></tr>
 *   <tr><td>unknown host</td><td>RETRYABLE / PROVIDER</td></tr>
 *   <tr><td>TLS handshake failure</td><td>RETRYABLE / PROVIDER</td></tr>
 *   <tr><td>read timeout ({@code SocketTimeoutException})</td><td>AMBIGUOUS / PROVIDER</td></tr>
 *   <tr><td>no response ({@code NoHttpResponseException})</td><td>AMBIGUOUS / PROVIDER</td></tr>
 *   <tr><td>any other I/O error (e.g. connection reset)</td><td>AMBIGUOUS / PROVIDER</td></tr>
 * </table>
 */
public final class Classifier {
  /** Provider status of a mail SendGrid accepted (HTTP 202). */
  public static final String STATUS_ACCEPTED = "accepted";
  /** Provider status of a mail SendGrid validated in sandbox mode (HTTP 200; nothing delivered). */
  public static final String STATUS_SANDBOX = "sandbox";

  private static final int MAX_REASON = 1500;

  /**
   * One row of the HTTP answer table.
   *
   * @param from lowest status matched
   * @param to highest status matched
   * @param kind the failure kind, or null for "accepted"
   * @param fault who is at fault, or null for "accepted"
   * @param reason the failure's reason, before SendGrid's own messages are appended
   */
  public record StatusRow(int from, int to, Kind kind, Fault fault, String reason) {
    boolean matches(int status) {
      return status >= from && status <= to;
    }
  }

  /**
   * One row of the transport exception table.
   *
   * @param type the exception type matched (subclasses included)
   * @param kind the failure kind
   * @param reason the failure's reason, before the exception's message is appended
   */
  public record ExceptionRow(Class<? extends IOException> type, Kind kind, String reason) {
    boolean matches(IOException e) {
      return type.isInstance(e);
    }
  }

  /** The HTTP answer table, first match wins. */
  public static final List<StatusRow> STATUS_TABLE = List.of(
      new StatusRow(200, 299, null, null, "accepted"),
      new StatusRow(400, 400, Kind.PERMANENT, Fault.CONTENT, "SendGrid rejected the mail as invalid"),
      new StatusRow(401, 401, Kind.PERMANENT, Fault.PROVIDER, "SendGrid refused the API key"),
      new StatusRow(403, 403, Kind.PERMANENT, Fault.PROVIDER, "SendGrid forbade the request (sender identity, key permissions or IP access)"),
      new StatusRow(404, 404, Kind.PERMANENT, Fault.PROVIDER, "SendGrid endpoint not found (check the base URL)"),
      new StatusRow(413, 413, Kind.PERMANENT, Fault.CONTENT, "mail too large for SendGrid"),
      new StatusRow(429, 429, Kind.RETRYABLE, Fault.PROVIDER, "SendGrid rate limit reached; the mail was not processed"),
      new StatusRow(400, 499, Kind.PERMANENT, Fault.PROVIDER, "SendGrid refused the request"),
      new StatusRow(500, 599, Kind.AMBIGUOUS, Fault.PROVIDER, "SendGrid server error; the mail may or may not have been accepted"),
      new StatusRow(100, 399, Kind.AMBIGUOUS, Fault.PROVIDER, "unexpected answer from SendGrid; the mail may or may not have been accepted"));

  /** The transport exception table, first match wins (most specific types first). */
  public static final List<ExceptionRow> EXCEPTION_TABLE = List.of(
      new ExceptionRow(ConnectionPoolTimeoutException.class, Kind.RETRYABLE, "no free pooled connection within the pool lease timeout; the request was not sent"),
      new ExceptionRow(ConnectTimeoutException.class, Kind.RETRYABLE, "connect timeout; the request was not sent"),
      new ExceptionRow(ConnectException.class, Kind.RETRYABLE, "connection refused; the request was not sent"),
      new ExceptionRow(UnknownHostException.class, Kind.RETRYABLE, "unknown host; the request was not sent"),
      new ExceptionRow(SSLHandshakeException.class, Kind.RETRYABLE, "TLS handshake failed; the request was not sent"),
      new ExceptionRow(SocketTimeoutException.class, Kind.AMBIGUOUS, "read timeout; SendGrid may have accepted the mail"),
      new ExceptionRow(NoHttpResponseException.class, Kind.AMBIGUOUS, "SendGrid closed the connection without answering; it may have accepted the mail"),
      new ExceptionRow(IOException.class, Kind.AMBIGUOUS, "I/O error after the request was sent; SendGrid may have accepted the mail"));

  private final MailJson json;
  private final Clock clock;

  /**
   * Creates a classifier.
   *
   * @param json parses SendGrid's error bodies
   * @param clock the clock against which {@code X-RateLimit-Reset} is read
   */
  public Classifier(MailJson json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /**
   * Classifies an HTTP answer.
   *
   * @param status the HTTP status
   * @param headers the response headers, names in any case
   * @param body the response body, possibly null
   * @param sandbox whether the request asked for sandbox mode
   * @return the result for every message of the request
   */
  public SendResult classify(int status, Map<String, String> headers, String body, boolean sandbox) {
    StatusRow row = STATUS_TABLE.stream().filter(r -> r.matches(status)).findFirst()
        .orElse(new StatusRow(status, status, Kind.AMBIGUOUS, Fault.PROVIDER, "unexpected HTTP status from SendGrid"));
    if (row.kind() == null) {
      Optional<String> id = header(headers, "X-Message-Id").filter(s -> !s.isBlank());
      String providerStatus = sandbox ? STATUS_SANDBOX : STATUS_ACCEPTED;
      return new SendResult.Accepted(id, Optional.of(providerStatus), Map.of("http_status", Integer.toString(status)));
    }
    List<String> errors = json.errors(body);
    String reason = row.reason();
    if (status == 401) {
      boolean credits = errors.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("credits"));
      reason = credits ? "SendGrid account is out of credits (Maximum credits exceeded)" : "SendGrid refused the API key (authentication failed)";
    }
    // The reason is masked by Failure (addresses in SendGrid's messages); the messages themselves stay behind providerMessage().
    Failure.Builder f = builder(row.kind(), row.fault(), reason(reason, errors)).httpStatus(status);
    if (!errors.isEmpty()) {
      f.providerMessage(String.join("; ", errors));
    }
    if (status == 429) {
      retryAfter(headers).ifPresent(f::retryAfter);
    }
    return SendResult.rejected(f.build());
  }

  /**
   * Classifies a transport failure.
   *
   * @param e the exception the HTTP client threw
   * @return the rejected result for every message of the request
   */
  public SendResult classify(IOException e) {
    ExceptionRow row = EXCEPTION_TABLE.stream().filter(r -> r.matches(e)).findFirst().orElseThrow();
    String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return SendResult.rejected(builder(row.kind(), Fault.PROVIDER, reason(row.reason(), List.of(detail))).build());
  }

  /**
   * Computes the retry-after of a 429: {@code X-RateLimit-Reset} (Unix seconds) minus now, never negative; else a
   * {@code Retry-After} in seconds.
   *
   * @param headers the response headers
   * @return the wait, when the headers say
   */
  public Optional<Duration> retryAfter(Map<String, String> headers) {
    Optional<Long> reset = header(headers, "X-RateLimit-Reset").flatMap(Classifier::parseLong);
    if (reset.isPresent()) {
      Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(reset.get()));
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
    return header(headers, "Retry-After").flatMap(Classifier::parseLong).filter(s -> s >= 0).map(Duration::ofSeconds);
  }

  /**
   * Reads a header whatever the case of its name (the SDK's header map is case-sensitive).
   *
   * @param headers the headers
   * @param name the header name
   * @return its value, when present
   */
  public static Optional<String> header(Map<String, String> headers, String name) {
    if (headers == null) {
      return Optional.empty();
    }
    String exact = headers.get(name);
    if (exact != null) {
      return Optional.of(exact.strip());
    }
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
        .map(e -> e.getValue().strip())
        .findFirst();
  }

  private static Failure.Builder builder(Kind kind, Fault fault, String reason) {
    switch (kind) {
      case RETRYABLE:
        return Failure.retryable(fault, reason);
      case PERMANENT:
        return Failure.permanent(fault, reason);
      default:
        return Failure.ambiguous(fault, reason);
    }
  }

  /** Joins the reason with details, keeps it printable and bounded (Failure rejects control characters). */
  static String reason(String reason, List<String> details) {
    StringBuilder s = new StringBuilder(reason);
    if (!details.isEmpty()) {
      s.append(": ").append(String.join("; ", details));
    }
    String clean = s.toString().replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
    if (clean.length() <= MAX_REASON) {
      return clean;
    }
    int end = MAX_REASON - 3;
    if (Character.isLowSurrogate(clean.charAt(end))) {
      end--;
    }
    return clean.substring(0, end) + "...";
  }

  private static Optional<Long> parseLong(String s) {
    try {
      return Optional.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
