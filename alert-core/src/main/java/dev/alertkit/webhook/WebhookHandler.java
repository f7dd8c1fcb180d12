package dev.alertkit.webhook;

/**
 * Handles one provider webhook request. Implementations are thread-safe and never throw: every failure becomes a
 * response (see the package documentation for the status codes).
 */
@FunctionalInterface
public interface WebhookHandler {

  /** The default body limit: 1 MiB. */
  int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /**
   * Handles a request.
   *
   * @param request the request, with the URL as the provider called it
   * @return the response to send back
   */
  WebhookResponse handle(WebhookRequest request);

  /**
   * The largest body this handler accepts; larger requests get 413. Adapters should read at most one byte more than
   * this (see {@link Webhooks#readAtMost}) so that a huge body is never buffered.
   *
   * @return the limit in bytes
   */
  default int maxBodyBytes() {
    return DEFAULT_MAX_BODY_BYTES;
  }
}
