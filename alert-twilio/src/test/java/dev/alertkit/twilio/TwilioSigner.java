package dev.alertkit.twilio;

import dev.alertkit.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds requests signed the way Twilio signs them, independently of the SDK's validator. */
final class TwilioSigner {
  private final String token;

  TwilioSigner(String token) {
    this.token = token;
  }

  /** HMAC-SHA1 over the URL followed by every parameter name and value, names sorted; Base64. */
  String sign(String url, Map<String, String> params) {
    StringBuilder s = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> s.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String form(Map<String, String> params) {
    StringBuilder s = new StringBuilder();
    params.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.toString();
  }

  /** A form POST signed for {@code url}. */
  WebhookRequest.Builder formRequest(String url, Map<String, String> params) {
    return WebhookRequest.builder().method("POST").url(url).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(url, params)).body(form(params).getBytes(StandardCharsets.US_ASCII));
  }

  /** A JSON POST whose URL carries bodySHA256, signed over the URL alone. */
  WebhookRequest.Builder jsonRequest(String url, String json) {
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
      String signed = url + (url.contains("?") ? "&" : "?") + "bodySHA256=" + hash;
      return WebhookRequest.builder().method("POST").url(signed).header("Content-Type", "application/json")
          .header("X-Twilio-Signature", sign(signed, Map.of())).body(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
