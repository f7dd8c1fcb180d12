package dev.alertkit.twilio.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What happened on the wire during one provider call: how many HTTP requests were made, and either the raw
 * response (status, headers, body) or the transport failure. Captured per call by {@link TwilioHttpClient}, never
 * through the SDK's shared {@code getLastResponse()} field.
 *
 * @param requests how many HTTP requests were attempted (0 when the SDK failed before sending)
 * @param status the HTTP status, or 0 when there was no response
 * @param headers response headers, first value per name, case-insensitive
 * @param body the response body as text, empty when none
 * @param transportFailure the I/O failure, when the request got no response
 */
public record Exchange(int requests, int status, Map<String, String> headers, String body, Throwable transportFailure) {

  /** Nothing was sent. */
  static final Exchange NONE = new Exchange(0, 0, Map.of(), "", null);

  /**
   * Copies the headers into a case-insensitive read-only map.
   *
   * @throws NullPointerException when headers or body is null
   */
  public Exchange {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = Collections.unmodifiableMap(copy);
    java.util.Objects.requireNonNull(body, "body");
  }

  /**
   * A response header.
   *
   * @param name the header name, any case
   * @return its first value
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** @return whether an HTTP response was received */
  public boolean hasResponse() {
    return status > 0;
  }

  /** Collects the exchange while one call runs; confined to the calling thread. */
  static final class Recorder {
    private int requests;
    private int status;
    private Map<String, String> headers = Map.of();
    private String body = "";
    private Throwable transportFailure;

    void requestStarted() {
      requests++;
    }

    void response(int status, Map<String, String> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.transportFailure = null;
    }

    void transportFailure(Throwable t) {
      this.transportFailure = t;
    }

    Exchange toExchange() {
      return new Exchange(requests, status, headers, body, transportFailure);
    }
  }
}
