/**
 * Framework-neutral webhook contracts: a {@link dev.alertkit.webhook.WebhookHandler} turns a
 * {@link dev.alertkit.webhook.WebhookRequest} (method, the full public URL, case-insensitive headers, raw body)
 * into a {@link dev.alertkit.webhook.WebhookResponse}. Provider modules implement handlers that verify the
 * provider's signature, parse the payload into {@link dev.alertkit.DeliveryEvent}s and feed a
 * {@link dev.alertkit.DeliveryTracker}; your HTTP server (servlet, Spring, Javalin, the JDK's {@code HttpServer})
 * only adapts its request and response types, with the helpers in {@link dev.alertkit.webhook.Webhooks}.
 *
 * <p>Status codes every handler answers: 200 processed (also for events about messages we do not know, so that
 * providers do not retry forever); 400 malformed input; 403 missing or invalid signature (or a timestamp outside
 * the replay window); 405 not POST; 413 body over the handler's limit; 500 unexpected failure. Response bodies are
 * short fixed texts, never stack traces; handlers never throw.
 */
package dev.alertkit.webhook;
