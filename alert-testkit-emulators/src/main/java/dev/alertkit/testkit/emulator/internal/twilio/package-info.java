/**
 * Implementation of {@link dev.alertkit.testkit.emulator.TwilioEmulator}: a WireMock response transformer that speaks Twilio's
 * Messages and Calls API. Not an API: free to change without notice.
 */
package dev.alertkit.testkit.emulator.internal.twilio;
