package dev.alertkit.sendgrid;

import dev.alertkit.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A test EC P-256 key pair that signs event webhook requests the way SendGrid does. */
final class EventSigner {
  final KeyPair keys;

  EventSigner() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the public key as SendGrid shows it: base64 X.509 DER */
  String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  String sign(String timestamp, byte[] body) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(timestamp.getBytes(StandardCharsets.UTF_8));
      s.update(body);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  WebhookRequest.Builder request(long epochSeconds, String json) {
    String ts = Long.toString(epochSeconds);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return WebhookRequest.builder().method("POST").url("https://alerts.example.com/sendgrid/events")
        .header("Content-Type", "application/json")
        .header("X-Twilio-Email-Event-Webhook-Signature", sign(ts, body))
        .header("X-Twilio-Email-Event-Webhook-Timestamp", ts).body(body);
  }
}
