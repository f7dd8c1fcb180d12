/**
 * Implementation of {@link dev.alertkit.testkit.emulator.SendGridEmulator}: the WireMock extension that answers
 * {@code POST /v3/mail/send} and the validation of mails against SendGrid's rules. Not an API.
 */
package dev.alertkit.testkit.emulator.internal.sendgrid;
