package dev.alertkit.twilio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * How a Twilio answer (or the lack of one) becomes a {@link Failure}: the classification table of FACTS.md, in
 * code. Precedence: transport failure, then HTTP 429, then 5xx, then unreadable 2xx, then the Twilio error code of
 * a 4xx ({@link #CODES}), then any other 4xx.
 *
 * <table>
 *   <caption>Classification</caption>
 *   <tr><th>what happened</th><th>kind</th><th>fault</th></tr>
 *   <tr><td>HTTP 429 (Retry-After kept when present)</td><td>RETRYABLE</td><td>PROVIDER</td></tr>
 *   <tr><td>connection refused, connect timeout, pool lease timeout, unknown host</td><td>RETRYABLE</td><td>PROVIDER</td></tr>
 *   <tr><td>HTTP 5xx, read timeout, connection reset / closed without response, unreadable 2xx</td><td>AMBIGUOUS</td><td>PROVIDER</td></tr>
 *   <tr><td>4xx with a code in {@link #CODES}</td><td>as the row says</td><td>as the row says</td></tr>
 *   <tr><td>other 4xx</td><td>PERMANENT</td><td>PROVIDER, with Twilio's message</td></tr>
 * </table>
 */
public final class TwilioErrors {

  /**
   * One row of the 4xx table.
   *
   * @param code the Twilio error code
   * @param kind whether a resend is safe
   * @param fault who is at fault
   * @param reason what it means and what to do, without the code (added when the failure is built)
   */
  public record Row(int code, Kind kind, Fault fault, String reason) {}

  /** The Twilio error codes alertkit knows, by code. */
  public static final Map<Integer, Row> CODES = table(
      new Row(20003, Kind.PERMANENT, Fault.PROVIDER,
          "Twilio rejected the credentials: check the account SID and the auth token or API key (and that the key belongs to this account)"),
      new Row(20404, Kind.PERMANENT, Fault.PROVIDER,
          "Twilio does not know this resource: check the account SID"),
      new Row(20429, Kind.RETRYABLE, Fault.PROVIDER,
          "Twilio rate limited the request (too many requests); it was not processed"),
      new Row(21210, Kind.PERMANENT, Fault.PROVIDER,
          "the caller ID ('From') is not a Twilio number or verified caller ID of this account: fix the configured voice caller ID"),
      new Row(21211, Kind.PERMANENT, Fault.RECIPIENT,
          "the 'To' number is not a valid phone number"),
      new Row(21212, Kind.PERMANENT, Fault.PROVIDER,
          "the 'From' number or sender ID is invalid: fix the configured sender"),
      new Row(21214, Kind.PERMANENT, Fault.RECIPIENT,
          "the 'To' number cannot be reached by phone"),
      new Row(21215, Kind.PERMANENT, Fault.PROVIDER,
          "the account's voice geographic permissions do not allow calls to this destination: enable the country in the Twilio console"),
      new Row(21216, Kind.PERMANENT, Fault.PROVIDER,
          "the account is not allowed to call this number (high-risk or premium destination blocked)"),
      new Row(21217, Kind.PERMANENT, Fault.RECIPIENT,
          "the 'To' number does not appear to be a valid phone number"),
      new Row(21408, Kind.PERMANENT, Fault.PROVIDER,
          "the account may not send SMS to this region: enable the destination in the Twilio console's messaging geographic permissions"),
      new Row(21602, Kind.PERMANENT, Fault.CONTENT,
          "the message body is missing"),
      new Row(21606, Kind.PERMANENT, Fault.PROVIDER,
          "the 'From' number is not a message-capable Twilio number of this account for this destination: fix the configured sender"),
      new Row(21610, Kind.PERMANENT, Fault.RECIPIENT,
          "the recipient has opted out (replied STOP); only they can opt in again (reply START)"),
      new Row(21611, Kind.PERMANENT, Fault.PROVIDER,
          "the sender's outbound queue is full (Twilio queues up to 10 hours per sender): an immediate resend cannot help;"
              + " spread traffic over more senders (a messaging service) or fall back to another channel"),
      new Row(21612, Kind.PERMANENT, Fault.RECIPIENT,
          "the 'To' number cannot be reached by SMS from this sender"),
      new Row(21614, Kind.PERMANENT, Fault.RECIPIENT,
          "the 'To' number is not a mobile number and cannot receive SMS"),
      new Row(21617, Kind.PERMANENT, Fault.CONTENT,
          "the message body exceeds 1,600 characters"),
      new Row(63007, Kind.PERMANENT, Fault.PROVIDER,
          "Twilio has no WhatsApp sender for the 'From' address: fix the configured WhatsApp sender"),
      new Row(63016, Kind.PERMANENT, Fault.CONTENT,
          "WhatsApp free-form messages can only be sent within 24 hours of the recipient's last message:"
              + " send an approved template instead (WhatsAppContent.template(contentSid, variables))"));

  private TwilioErrors() {}

  private static Map<Integer, Row> table(Row... rows) {
    Map<Integer, Row> m = new LinkedHashMap<>();
    for (Row r : rows) {
      m.put(r.code(), r);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Classifies a call that did not produce a usable resource.
   *
   * @param exchange what happened on the wire
   * @param sdkError what the SDK threw, if anything
   * @param mapper a JSON reader for Twilio's error body
   * @param clock the clock for HTTP-date Retry-After values
   * @return the failure
   */
  public static Failure classify(Exchange exchange, Optional<RuntimeException> sdkError, ObjectMapper mapper, Clock clock) {
    if (exchange.transportFailure() != null) {
      return transport(exchange.transportFailure());
    }
    if (!exchange.hasResponse()) {
      String what = sdkError.map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("no details");
      return Failure.permanent(Fault.PROVIDER, clean("the Twilio SDK refused the request before sending it (" + what + ")")).build();
    }
    int status = exchange.status();
    TwilioError error = TwilioError.parse(exchange.body(), mapper);
    Failure.Builder b;
    if (status == 429) {
      b = Failure.retryable(Fault.PROVIDER, "Twilio rate limited the request (HTTP 429); it was not processed"
          + concurrency(exchange) + error.suffix());
      retryAfter(exchange, clock).ifPresent(b::retryAfter);
    } else if (status >= 500) {
      b = Failure.ambiguous(Fault.PROVIDER, "Twilio answered HTTP " + status
          + ": the message may or may not have been created; a resend can reach the person twice" + error.suffix());
    } else if (status >= 200 && status < 300) {
      b = Failure.ambiguous(Fault.PROVIDER, "Twilio answered HTTP " + status
          + " with a body alertkit cannot read: the message was probably created but its SID is unknown");
    } else if (status >= 400 && error.code().isPresent() && CODES.containsKey(error.code().getAsInt())) {
      Row row = CODES.get(error.code().getAsInt());
      String reason = row.reason() + " (Twilio " + row.code() + error.messageSuffix() + ")";
      b = builder(row.kind(), row.fault(), reason);
      if (row.kind() == Kind.RETRYABLE) {
        retryAfter(exchange, clock).ifPresent(b::retryAfter);
      }
    } else if (status == 401 || status == 403) {
      b = Failure.permanent(Fault.PROVIDER, "Twilio refused the credentials (HTTP " + status + ")" + error.suffix());
    } else if (status >= 400) {
      b = Failure.permanent(Fault.PROVIDER, error.message().map(m -> "Twilio rejected the request: " + m)
          .orElse("Twilio rejected the request (HTTP " + status + ") without a readable error body") + error.codeSuffix());
    } else {
      b = Failure.permanent(Fault.PROVIDER, "Twilio answered with unexpected HTTP " + status + ": check TwilioConfig.baseUrl");
    }
    b.httpStatus(status);
    error.code().ifPresent(c -> b.providerCode(Integer.toString(c)));
    error.raw().ifPresent(b::providerMessage);
    return b.build();
  }

  /**
   * Classifies a request that got no HTTP response.
   *
   * @param t the transport failure
   * @return the failure
   */
  public static Failure transport(Throwable t) {
    String detail = " (" + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")";
    if (t instanceof ConnectionRequestTimeoutException) {
      return Failure.retryable(Fault.PROVIDER, clean("no free connection to Twilio within the pool timeout: the request was not sent;"
          + " raise TwilioConfig http poolSize or poolLeaseTimeout" + detail)).build();
    }
    if (t instanceof ConnectTimeoutException) {
      return Failure.retryable(Fault.PROVIDER, clean("connecting to Twilio timed out: the request was not sent" + detail)).build();
    }
    if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
      return Failure.retryable(Fault.PROVIDER, clean("Twilio refused the connection: the request was not sent" + detail)).build();
    }
    if (t instanceof UnknownHostException) {
      return Failure.retryable(Fault.PROVIDER, clean("the Twilio host name did not resolve: the request was not sent" + detail)).build();
    }
    if (t instanceof SocketTimeoutException) {
      return Failure.ambiguous(Fault.PROVIDER, clean("no answer from Twilio within the read timeout: the message may or may not have"
          + " been created; a resend can reach the person twice" + detail)).build();
    }
    if (t instanceof NoHttpResponseException || t instanceof IOException) {
      return Failure.ambiguous(Fault.PROVIDER, clean("the connection to Twilio failed after the request was sent: the message may"
          + " or may not have been created" + detail)).build();
    }
    if (t instanceof IllegalStateException) {
      return Failure.retryable(Fault.PROVIDER, clean("the Twilio HTTP client is closed: the request was not sent" + detail)).build();
    }
    return Failure.ambiguous(Fault.PROVIDER, clean("the Twilio request failed unexpectedly" + detail)).build();
  }

  /**
   * Parses a Retry-After header: delta seconds or an HTTP date.
   *
   * @param exchange the exchange
   * @param clock the clock for HTTP dates
   * @return the wait, when the header is present and readable
   */
  public static Optional<Duration> retryAfter(Exchange exchange, Clock clock) {
    return exchange.header("Retry-After").flatMap(v -> {
      String s = v.strip();
      try {
        long seconds = Long.parseLong(s);
        return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration d = Duration.between(clock.instant(), at.toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    });
  }

  private static String concurrency(Exchange exchange) {
    return exchange.header("Twilio-Concurrent-Requests").map(v -> " (Twilio-Concurrent-Requests: " + clean(v) + ")").orElse("");
  }

  private static Failure.Builder builder(Kind kind, Fault fault, String reason) {
    switch (kind) {
      case RETRYABLE:
        return Failure.retryable(fault, clean(reason));
      case AMBIGUOUS:
        return Failure.ambiguous(fault, clean(reason));
      default:
        return Failure.permanent(fault, clean(reason));
    }
  }

  /**
   * Makes provider text safe for a {@link Failure} reason: no control characters, at most 1,000 characters.
   *
   * @param s the text
   * @return the cleaned text
   */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 1000));
    for (int i = 0; i < s.length() && b.length() < 1000; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
    }
    String out = b.toString().strip();
    return out.isEmpty() ? "(empty)" : out;
  }

  /** Twilio's error body: {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}. */
  private record TwilioError(OptionalInt code, Optional<String> message, Optional<String> moreInfo, Optional<String> raw) {
    static final TwilioError NONE = new TwilioError(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static TwilioError parse(String body, ObjectMapper mapper) {
      if (body == null || body.isBlank()) {
        return NONE;
      }
      try {
        JsonNode n = mapper.readTree(body);
        if (n == null || !n.isObject()) {
          return NONE;
        }
        JsonNode code = n.get("code");
        JsonNode message = n.get("message");
        JsonNode more = n.get("more_info");
        return new TwilioError(
            code != null && code.canConvertToInt() && !code.isNull() ? OptionalInt.of(code.asInt()) : OptionalInt.empty(),
            message != null && message.isTextual() ? Optional.of(clean(message.asText())) : Optional.empty(),
            more != null && more.isTextual() ? Optional.of(clean(more.asText())) : Optional.empty(),
            message != null && message.isTextual() ? Optional.of(message.asText()) : Optional.empty());
      } catch (IOException | RuntimeException notJson) {
        return NONE;
      }
    }

    /** ": message" for a code row. */
    String messageSuffix() {
      return message.map(m -> ": " + m).orElse("");
    }

    /** " (Twilio 20500: message)" or "". */
    String suffix() {
      if (code.isEmpty() && message.isEmpty()) {
        return "";
      }
      return " (Twilio" + (code.isPresent() ? " " + code.getAsInt() : "") + message.map(m -> ": " + m).orElse("") + ")";
    }

    String codeSuffix() {
      return (code.isPresent() ? " [Twilio " + code.getAsInt() + "]" : "") + moreInfo.map(m -> " See " + m).orElse("");
    }
  }
}
