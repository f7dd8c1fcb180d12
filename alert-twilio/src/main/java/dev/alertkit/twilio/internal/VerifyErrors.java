package dev.alertkit.twilio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.Failure;
import dev.alertkit.Failure.Fault;
import dev.alertkit.Failure.Kind;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Twilio Verify's own error codes, classified like every other Twilio failure. Verify answers some of them with
 * HTTP 429 (60202, 60203) although an immediate resend cannot help, so a known Verify code decides before the
 * generic HTTP-status rules of {@link TwilioErrors}; everything else (auth, 5xx, transport, other codes) is
 * classified by {@link TwilioErrors#classify}.
 */
public final class VerifyErrors {
  /** Twilio's "resource not found": on a check, no pending verification exists for the number. */
  public static final int NOT_FOUND = 20404;
  /** Max check attempts reached. */
  public static final int MAX_CHECK_ATTEMPTS = 60202;
  /** Max send attempts reached. */
  public static final int MAX_SEND_ATTEMPTS = 60203;

  /** The Verify codes alertkit knows, by code. */
  public static final Map<Integer, TwilioErrors.Row> CODES = table(
      new TwilioErrors.Row(60200, Kind.PERMANENT, Fault.RECIPIENT,
          "Twilio Verify rejected a parameter (usually the number: it must be E.164, e.g. +14155550100)"),
      new TwilioErrors.Row(MAX_CHECK_ATTEMPTS, Kind.PERMANENT, Fault.RECIPIENT,
          "too many wrong codes for this verification (Twilio allows 5 checks): start a new verification once this one expires"),
      new TwilioErrors.Row(MAX_SEND_ATTEMPTS, Kind.PERMANENT, Fault.RECIPIENT,
          "too many codes were sent to this number (Twilio allows 5 sends per verification): wait until the verification"
              + " expires (10 minutes) before starting another"),
      new TwilioErrors.Row(60205, Kind.PERMANENT, Fault.RECIPIENT,
          "the number is a landline and cannot receive SMS: verify it with a call (VerificationChannel.CALL)"),
      new TwilioErrors.Row(60212, Kind.RETRYABLE, Fault.PROVIDER,
          "too many concurrent requests for this number; the request was not processed"),
      new TwilioErrors.Row(60223, Kind.PERMANENT, Fault.PROVIDER,
          "this delivery channel is disabled for the Verify service: enable it in the Twilio console or use another channel"),
      new TwilioErrors.Row(60410, Kind.PERMANENT, Fault.PROVIDER,
          "Twilio Verify blocked the delivery (Fraud Guard) for this number's prefix"),
      new TwilioErrors.Row(60605, Kind.PERMANENT, Fault.PROVIDER,
          "the Verify service's geo permissions do not allow this destination: enable the country in the Twilio console"));

  private VerifyErrors() {}

  private static Map<Integer, TwilioErrors.Row> table(TwilioErrors.Row... rows) {
    Map<Integer, TwilioErrors.Row> m = new LinkedHashMap<>();
    for (TwilioErrors.Row r : rows) {
      m.put(r.code(), r);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Classifies a Verify call that did not produce a usable resource.
   *
   * @param exchange what happened on the wire
   * @param sdkError what the SDK threw, if anything
   * @param mapper a JSON reader for Twilio's error body
   * @param clock the clock for HTTP-date Retry-After values
   * @return the failure
   */
  public static Failure classify(Exchange exchange, Optional<RuntimeException> sdkError, ObjectMapper mapper, Clock clock) {
    OptionalInt code = code(exchange, mapper);
    if (exchange.transportFailure() == null && exchange.status() >= 400 && exchange.status() < 500
        && code.isPresent() && CODES.containsKey(code.getAsInt())) {
      TwilioErrors.Row row = CODES.get(code.getAsInt());
      String reason = TwilioErrors.clean(row.reason() + " (Twilio " + row.code() + message(exchange, mapper) + ")");
      Failure.Builder b = row.kind() == Kind.RETRYABLE ? Failure.retryable(row.fault(), reason) : Failure.permanent(row.fault(), reason);
      if (row.kind() == Kind.RETRYABLE) {
        TwilioErrors.retryAfter(exchange, clock).ifPresent(b::retryAfter);
      }
      return b.httpStatus(exchange.status()).providerCode(Integer.toString(row.code())).build();
    }
    return TwilioErrors.classify(exchange, sdkError, mapper, clock);
  }

  /**
   * The Twilio error code of an answer.
   *
   * @param exchange the exchange
   * @param mapper a JSON reader
   * @return the code, when the body has one
   */
  public static OptionalInt code(Exchange exchange, ObjectMapper mapper) {
    JsonNode n = body(exchange, mapper);
    JsonNode code = n == null ? null : n.get("code");
    return code != null && code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
  }

  private static String message(Exchange exchange, ObjectMapper mapper) {
    JsonNode n = body(exchange, mapper);
    JsonNode m = n == null ? null : n.get("message");
    return m != null && m.isTextual() ? ": " + m.asText() : "";
  }

  private static JsonNode body(Exchange exchange, ObjectMapper mapper) {
    if (exchange.body().isBlank()) {
      return null;
    }
    try {
      JsonNode n = mapper.readTree(exchange.body());
      return n != null && n.isObject() ? n : null;
    } catch (Exception e) {
      return null;
    }
  }
}
