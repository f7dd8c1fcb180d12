package dev.alertkit.incident;

import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import dev.alertkit.webhook.Webhooks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed acknowledgement links: an HMAC-SHA256 token bound to an incident, a recipient and an expiry, used once.
 * Opening the link (GET) shows a confirmation page; only the page's button (POST) acknowledges, because mail
 * scanners prefetch links. Mount {@link AckLinkPages} at {@link #path()}. The signing key is never logged.
 *
 * <pre>{@code
 * AckLinks links = AckLinks.builder()
 *     .signingKey(secretBytes)                       // at least 32 random bytes, the same on every instance
 *     .baseUrl("https://alerts.example.com")
 *     .build();
 * }</pre>
 */
public final class AckLinks {
  /** The default path the pages are mounted at. */
  public static final String DEFAULT_PATH = "/alertkit/ack";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;
  private final String baseUrl;
  private final String path;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  private AckLinks(Builder b) {
    this.key = b.key.clone();
    this.baseUrl = b.baseUrl;
    this.path = b.path;
    this.ttl = b.ttl;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the path the pages are served at */
  public String path() {
    return path;
  }

  /** @return how long a link is valid */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Makes a link.
   *
   * @param incidentId the incident
   * @param recipientId the person it is for
   * @param now the current time (the expiry is now + ttl)
   * @return the absolute URL
   */
  public String url(String incidentId, String recipientId, Instant now) {
    return baseUrl + path + "?t=" + token(incidentId, recipientId, now.plus(ttl));
  }

  /**
   * Makes a token.
   *
   * @param incidentId the incident
   * @param recipientId the person
   * @param expires when it stops working
   * @return the token (URL-safe)
   */
  public String token(String incidentId, String recipientId, Instant expires) {
    byte[] nonce = new byte[9];
    random.nextBytes(nonce);
    String payload = B64.encodeToString(incidentId.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(
        recipientId.getBytes(StandardCharsets.UTF_8)) + "." + expires.getEpochSecond() + "." + B64.encodeToString(nonce);
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /**
   * Checks a token's signature and expiry.
   *
   * @param token the token from the link
   * @param now the current time
   * @return the verified token, or why not
   */
  public Verified verify(String token, Instant now) {
    if (token == null || token.length() > 1024) {
      return Verified.invalid();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5) {
      return Verified.invalid();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
    // compare the canonical text, not decoded bytes: base64's last character has unused bits a forger could flip
    byte[] expected = B64.encodeToString(mac(payload)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[4].getBytes(StandardCharsets.UTF_8))) {
      return Verified.invalid();
    }
    try {
      String incident = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
      String recipient = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      Status status = now.isBefore(expires) ? Status.VALID : Status.EXPIRED;
      return new Verified(status, Optional.of(incident), Optional.of(recipient), Optional.of(expires),
          Optional.of(parts[4]));
    } catch (IllegalArgumentException e) {
      return Verified.invalid();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "AckLinks{" + baseUrl + path + ", ttl " + ttl + ", signingKey=****}";
  }

  /** Whether a token is usable. */
  public enum Status {
    /** Signed by us and not expired. */
    VALID,
    /** Signed by us but past its expiry. */
    EXPIRED,
    /** Not signed by us, malformed or tampered with. */
    INVALID
  }

  /**
   * A checked token.
   *
   * @param status usable or why not
   * @param incidentId the incident (when signed)
   * @param recipientId the person (when signed)
   * @param expires the expiry (when signed)
   * @param tokenId an id unique to this token, for single use (when signed)
   */
  public record Verified(Status status, Optional<String> incidentId, Optional<String> recipientId, Optional<Instant> expires,
      Optional<String> tokenId) {
    static Verified invalid() {
      return new Verified(Status.INVALID, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /** Builds {@link AckLinks}. Not thread-safe. */
  public static final class Builder {
    private byte[] key;
    private String baseUrl;
    private String path = DEFAULT_PATH;
    private Duration ttl = Duration.ofHours(24);

    private Builder() {}

    /**
     * Sets the HMAC key (the same on every instance). Never logged.
     *
     * @param key at least 32 bytes
     * @return this builder
     * @throws ValidationException when shorter
     */
    public Builder signingKey(byte[] key) {
      if (key == null || key.length < 32) {
        throw new ValidationException("signingKey", "must be at least 32 bytes");
      }
      this.key = key.clone();
      return this;
    }

    /**
     * Sets the public base URL the links start with, e.g. {@code https://alerts.example.com}. For +91 SMS this URL
     * must be whitelisted on DLT (as a dynamic URL: the path and query vary).
     *
     * @param baseUrl an absolute http(s) URL
     * @return this builder
     * @throws ValidationException when not such a URL
     */
    public Builder baseUrl(String baseUrl) {
      String b = Webhooks.checkPublicBaseUrl("baseUrl", baseUrl);
      this.baseUrl = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
      return this;
    }

    /**
     * Sets the path the pages are served at (default {@value AckLinks#DEFAULT_PATH}).
     *
     * @param path starting with {@code /}
     * @return this builder
     * @throws ValidationException when it does not start with a slash
     */
    public Builder path(String path) {
      Checks.singleLine("path", path, 200);
      if (!path.startsWith("/")) {
        throw new ValidationException("path", "must start with / (was " + path + ")");
      }
      this.path = path;
      return this;
    }

    /**
     * Sets how long a link works (default 24 hours).
     *
     * @param ttl 1 minute to 30 days
     * @return this builder
     * @throws ValidationException when outside
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(30)) > 0) {
        throw new ValidationException("ttl", "must be between 1 minute and 30 days (was " + ttl + ")");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * @return the links
     * @throws ValidationException when the key or the base URL is missing
     */
    public AckLinks build() {
      if (key == null) {
        throw new ValidationException("signingKey", "is required");
      }
      if (baseUrl == null) {
        throw new ValidationException("baseUrl", "is required");
      }
      return new AckLinks(this);
    }
  }
}
