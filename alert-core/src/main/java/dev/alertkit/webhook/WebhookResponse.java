package dev.alertkit.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What a {@link WebhookHandler} answers: a status code, a content type and a (short) body. Immutable. */
public final class WebhookResponse {
  private static final String TEXT = "text/plain; charset=utf-8";

  private final int status;
  private final String contentType;
  private final byte[] body;

  private WebhookResponse(int status, String contentType, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status code (was " + status + ")");
    }
    this.status = status;
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.body = body.clone();
  }

  /**
   * A response.
   *
   * @param status the HTTP status code
   * @param contentType the content type, e.g. {@code "application/xml"}
   * @param body the body, encoded as UTF-8
   * @return the response
   * @throws IllegalArgumentException when status is not 100..599
   * @throws NullPointerException when contentType or body is null
   */
  public static WebhookResponse of(int status, String contentType, String body) {
    return new WebhookResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A plain-text response.
   *
   * @param status the HTTP status code
   * @param text the body
   * @return the response
   * @throws IllegalArgumentException when status is not 100..599
   * @throws NullPointerException when text is null
   */
  public static WebhookResponse text(int status, String text) {
    return of(status, TEXT, text);
  }

  /** @return 200 with the body {@code ok} */
  public static WebhookResponse ok() {
    return text(200, "ok");
  }

  /**
   * A 200 XML response (TwiML).
   *
   * @param xml the document
   * @return the response
   * @throws NullPointerException when xml is null
   */
  public static WebhookResponse xml(String xml) {
    return of(200, "application/xml; charset=utf-8", xml);
  }

  /**
   * A 400 response.
   *
   * @param why a short description that reveals nothing secret, e.g. {@code "invalid form encoding"}
   * @return the response
   * @throws NullPointerException when why is null
   */
  public static WebhookResponse badRequest(String why) {
    return text(400, "bad request: " + why);
  }

  /** @return a 403 response for a missing or invalid signature */
  public static WebhookResponse forbidden() {
    return text(403, "invalid signature");
  }

  /** @return a 405 response (webhooks are POSTed) */
  public static WebhookResponse methodNotAllowed() {
    return text(405, "method not allowed; use POST");
  }

  /** @return a 413 response */
  public static WebhookResponse payloadTooLarge() {
    return text(413, "payload too large");
  }

  /** @return a 500 response that reveals nothing */
  public static WebhookResponse internalError() {
    return text(500, "internal error");
  }

  /** @return the HTTP status code */
  public int status() {
    return status;
  }

  /** @return the content type */
  public String contentType() {
    return contentType;
  }

  /** @return a copy of the body bytes */
  public byte[] body() {
    return body.clone();
  }

  /** @return the body decoded as UTF-8 */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WebhookResponse{" + status + " " + contentType + ", " + body.length + " bytes}";
  }
}
