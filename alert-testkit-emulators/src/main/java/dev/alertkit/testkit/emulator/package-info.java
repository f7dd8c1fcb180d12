/**
 * HTTP emulators of the providers, on 127.0.0.1, for tests that go through the real provider modules and SDKs:
 * {@link dev.alertkit.testkit.emulator.TwilioEmulator} (Messages, Calls, Pricing, Verify, Lookup) and
 * {@link dev.alertkit.testkit.emulator.SendGridEmulator} (Mail Send, suppressions), which also emit signed status
 * webhooks to a {@link dev.alertkit.testkit.emulator.WebhookTarget}.
 *
 * <p>They are built on WireMock (and so Jetty) and live in their own artifact, {@code alert-testkit-emulators}, so
 * that a project that only needs the in-memory fakes of {@code alert-testkit} does not get either on its test class
 * path.
 *
 * <pre>{@code
 * try (TwilioEmulator twilio = TwilioEmulator.start()) {
 *   TwilioConfig config = TwilioConfig.builder().accountSid(twilio.accountSid()).authToken(twilio.authToken())
 *       .baseUrl(twilio.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 */
package dev.alertkit.testkit.emulator;
