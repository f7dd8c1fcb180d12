package dev.alertkit.testkit.emulator;

import dev.alertkit.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook requests the way Twilio and SendGrid sign them, for the emulators. */
final class EmulatorCallbacks {
  private EmulatorCallbacks() {}

  /** A form POST to {@code url}, signed with {@code X-Twilio-Signature} and carrying a fresh idempotency token. */
  static WebhookRequest twilio(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
      return WebhookRequest.builder().method("POST").url(url).header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", signature).header("I-Twilio-Idempotency-Token", UUID.randomUUID().toString())
          .body(form.toString().getBytes(StandardCharsets.US_ASCII)).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is unavailable", e);
    }
  }

  /** A new EC P-256 key pair for signing SendGrid event webhooks. */
  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is unavailable", e);
    }
  }

  /** A SendGrid event webhook POST: ECDSA P-256 / SHA-256 over the timestamp followed by the body. */
  static WebhookRequest sendgrid(KeyPair keys, String url, long epochSeconds, byte[] body) {
    String ts = Long.toString(epochSeconds);
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(ts.getBytes(StandardCharsets.UTF_8));
      s.update(body);
      return WebhookRequest.builder().method("POST").url(url).header("Content-Type", "application/json")
          .header("X-Twilio-Email-Event-Webhook-Signature", Base64.getEncoder().encodeToString(s.sign()))
          .header("X-Twilio-Email-Event-Webhook-Timestamp", ts).body(body).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA256withECDSA is unavailable", e);
    }
  }
}
