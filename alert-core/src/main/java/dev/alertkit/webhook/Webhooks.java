package dev.alertkit.webhook;

import dev.alertkit.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Helpers for webhook handlers and for adapting HTTP servers to {@link WebhookHandler}. */
public final class Webhooks {
  private Webhooks() {}

  /**
   * Reads a request body, but never more than one byte over a limit, so a handler can answer 413 without the whole
   * body being buffered.
   *
   * @param in the body stream (not closed)
   * @param maxBytes the handler's limit ({@link WebhookHandler#maxBodyBytes()})
   * @return the bytes read: the whole body, or {@code maxBytes + 1} bytes when it is larger
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when maxBytes is negative
   */
  public static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    return in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
  }

  /**
   * Joins a public base URL and a request's raw path and query, e.g. {@code https://abc.ngrok.app} and
   * {@code /twilio/status?alertkit_alert=a-1} give {@code https://abc.ngrok.app/twilio/status?alertkit_alert=a-1}.
   *
   * @param publicBaseUrl the scheme, host, optional port and optional path prefix the provider calls
   * @param rawPathAndQuery the path and query as the server received them (still percent-encoded)
   * @return the URL the provider signed
   * @throws NullPointerException when an argument is null
   */
  public static String publicUrl(String publicBaseUrl, String rawPathAndQuery) {
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(rawPathAndQuery, "rawPathAndQuery");
    String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    return base + (rawPathAndQuery.startsWith("/") ? rawPathAndQuery : "/" + rawPathAndQuery);
  }

  /**
   * Validates a public base URL: absolute http or https, with a host, no query and no fragment.
   *
   * @param field the field name for the error message
   * @param publicBaseUrl the URL
   * @return the URL without a trailing slash
   * @throws ValidationException when the URL is missing or not such a URL
   */
  public static String checkPublicBaseUrl(String field, String publicBaseUrl) {
    if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    URI u;
    try {
      u = new URI(publicBaseUrl.strip());
    } catch (URISyntaxException e) {
      throw new ValidationException(field, "is not a valid URL (" + e.getReason() + ")");
    }
    if (!u.isAbsolute() || u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
        || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new ValidationException(field, "must be an absolute http(s) URL with a host and no query, e.g. https://alerts.example.com");
    }
    String s = u.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Parses an {@code application/x-www-form-urlencoded} body strictly: ASCII only, valid percent escapes, UTF-8
   * after decoding, no empty or repeated names.
   *
   * @param body the raw body
   * @return the parameters in order; unmodifiable
   * @throws IllegalArgumentException when the body is not such a form (the message names the problem, not values)
   * @throws NullPointerException when body is null
   */
  public static Map<String, String> parseForm(byte[] body) {
    for (byte b : body) {
      if (b < 0x21 || b > 0x7e) {
        throw new IllegalArgumentException("a form body must be printable ASCII");
      }
    }
    return parsePairs(new String(body, StandardCharsets.US_ASCII));
  }

  /**
   * Parses a raw query string with the same rules as {@link #parseForm}.
   *
   * @param rawQuery the query, without {@code ?}
   * @return the parameters in order; unmodifiable
   * @throws IllegalArgumentException when the query is malformed
   * @throws NullPointerException when rawQuery is null
   */
  public static Map<String, String> parseQuery(String rawQuery) {
    return parsePairs(Objects.requireNonNull(rawQuery, "rawQuery"));
  }

  private static Map<String, String> parsePairs(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.isEmpty()) {
      return Collections.unmodifiableMap(out);
    }
    for (String part : s.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty parameter name");
      }
      if (out.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("repeated parameter " + printable(name));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("truncated percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x7e || c < 0x20) {
        throw new IllegalArgumentException("non-ASCII character in an encoded value");
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-decoded bytes are not UTF-8", e);
    }
  }

  private static String printable(String name) {
    String n = name.length() > 40 ? name.substring(0, 40) + "..." : name;
    return "'" + n.replaceAll("[^A-Za-z0-9_.-]", "?") + "'";
  }
}
