package dev.alertkit.twilio.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Twilio-Signature}: Base64 of HMAC-SHA1, keyed with the auth token, over the URL Twilio called
 * followed by every POST parameter's name and value, names sorted (form webhooks), or over the URL alone, whose
 * {@code bodySHA256} query parameter must be the hex SHA-256 of the body (JSON webhooks).
 *
 * <p>Stricter than the SDK's {@code RequestValidator}, which also accepts the signature computed with the port
 * removed or added whatever the port, and with the query re-decoded: here the URL is taken exactly as given, and the
 * only other form tried is the default port written out or left out ({@code :443} for https, {@code :80} for http),
 * since Twilio may sign either. A signature made for {@code https://host/...} does not verify a request to
 * {@code https://host:8443/...}. Comparisons are constant-time.
 */
public final class TwilioSignature {
  private final byte[] key;

  /**
   * Creates a verifier.
   *
   * @param authToken the account's auth token
   * @throws NullPointerException when authToken is null
   */
  public TwilioSignature(String authToken) {
    this.key = Objects.requireNonNull(authToken, "authToken").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Verifies a form webhook.
   *
   * @param url the URL Twilio called, with its query, exactly as configured
   * @param params the POST parameters (decoded)
   * @param signature the header's value
   * @return true when the signature matches the URL (or its default-port twin) and the parameters
   */
  public boolean verifyForm(String url, Map<String, String> params, String signature) {
    StringBuilder data = new StringBuilder();
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    for (String candidate : urls(url)) {
      if (matches(candidate + data, signature)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Verifies a JSON webhook: the signature over the URL, and the body against the URL's {@code bodySHA256}.
   *
   * @param url the URL Twilio called, with its query (carrying {@code bodySHA256}), exactly as configured
   * @param bodySha256 the {@code bodySHA256} value read from that URL's query
   * @param body the raw body
   * @param signature the header's value
   * @return true when both match
   */
  public boolean verifyJson(String url, String bodySha256, byte[] body, String signature) {
    boolean signed = false;
    for (String candidate : urls(url)) {
      signed |= matches(candidate, signature);
    }
    String actual = HexFormat.of().formatHex(sha256(body));
    boolean bodyMatches = bodySha256 != null && MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
        bodySha256.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    return signed & bodyMatches;
  }

  /** The URL as given and, when its port is the scheme's default (written or implied), its twin with the port the other way. */
  static List<String> urls(String url) {
    List<String> out = new ArrayList<>(2);
    out.add(url);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return out;
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String defaultPort = "https".equals(scheme) ? "443" : "http".equals(scheme) ? "80" : null;
    if (defaultPort == null) {
      return out;
    }
    int start = schemeEnd + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String authority = url.substring(start, end);
    int hostStart = authority.lastIndexOf('@') + 1;
    int closeBracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon >= hostStart && colon > closeBracket;
    String twin;
    if (hasPort) {
      if (!authority.substring(colon + 1).equals(defaultPort)) {
        return out; // a non-default port is verified exactly as configured
      }
      twin = authority.substring(0, colon);
    } else {
      twin = authority + ":" + defaultPort;
    }
    out.add(url.substring(0, start) + twin + url.substring(end));
    return out;
  }

  private boolean matches(String data, String signature) {
    byte[] expected = Base64.getEncoder().encode(hmac(data));
    return signature != null && MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "TwilioSignature{authToken=****}";
  }
}
