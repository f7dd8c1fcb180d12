package dev.alertkit.twilio.internal;

import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The first steps every form-encoded Twilio webhook takes before anything in it is believed: POST only, the body
 * limit, the {@code X-Twilio-Signature} header, form decoding, and the signature over the exact URL Twilio called
 * (the public base URL plus the request's path and query) and every parameter.
 */
public final class SignedForm {
  /** The header Twilio signs with. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private SignedForm() {}

  /**
   * What a verification gave: the verified parameters, or the answer to send back.
   *
   * @param params the verified form parameters, when verified
   * @param rejection the response to answer with, when not
   */
  public record Verified(Optional<Map<String, String>> params, Optional<WebhookResponse> rejection) {}

  /**
   * Verifies a request.
   *
   * @param request the request
   * @param signature the account's signature check
   * @param publicBaseUrl the public base URL Twilio calls, or null to use the request's URL as received
   * @param maxBodyBytes the body limit
   * @param what how log lines name the endpoint, e.g. "Twilio inbound webhook"
   * @param log where rejections are logged (WARN, without parameter values)
   * @return the verified parameters, or the rejection (405, 413, 400 or 403)
   */
  public static Verified verify(WebhookRequest request, TwilioSignature signature, String publicBaseUrl, int maxBodyBytes,
      String what, Logger log) {
    if (!"POST".equals(request.method())) {
      return reject(WebhookResponse.methodNotAllowed());
    }
    if (request.bodyLength() > maxBodyBytes) {
      log.warn("{} {} rejected: body of {} bytes is over the {} byte limit", what, request.rawPath(), request.bodyLength(), maxBodyBytes);
      return reject(WebhookResponse.payloadTooLarge());
    }
    Optional<String> header = request.header(SIGNATURE_HEADER).filter(s -> !s.isBlank());
    if (header.isEmpty()) {
      log.warn("{} {} rejected: no {} header", what, request.rawPath(), SIGNATURE_HEADER);
      return reject(WebhookResponse.forbidden());
    }
    String url = publicBaseUrl == null ? request.url()
        : Webhooks.publicUrl(publicBaseUrl, request.rawPath() + request.rawQuery().map(q -> "?" + q).orElse(""));
    Map<String, String> params;
    try {
      params = Webhooks.parseForm(request.body());
    } catch (IllegalArgumentException e) {
      log.warn("{} {} rejected: invalid form encoding", what, request.rawPath());
      return reject(WebhookResponse.badRequest("invalid form encoding"));
    }
    if (!signature.verifyForm(url, params, header.get())) {
      log.warn("{} {} rejected: invalid {} (check the auth token and the public base URL)", what, request.rawPath(), SIGNATURE_HEADER);
      return reject(WebhookResponse.forbidden());
    }
    return new Verified(Optional.of(params), Optional.empty());
  }

  private static Verified reject(WebhookResponse response) {
    return new Verified(Optional.empty(), Optional.of(response));
  }
}
