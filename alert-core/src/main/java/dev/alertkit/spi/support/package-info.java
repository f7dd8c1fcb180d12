/**
 * Helpers for implementers of the SPI (provider modules, stores, contact checks): validation with field-named errors
 * ({@link dev.alertkit.spi.support.Checks}), masking for logs ({@link dev.alertkit.spi.support.Redaction}),
 * phone-number normalisation ({@link dev.alertkit.spi.support.PhoneNumbers}), SMS segment counting
 * ({@link dev.alertkit.spi.support.SmsSegments}), a small strict JSON reader ({@link dev.alertkit.spi.support.MiniJson})
 * and a bounded cache of remote answers with single-flight lookups and a pause after a failure, for contact checks
 * ({@link dev.alertkit.spi.support.CachedLookup}).
 *
 * <p>alertkit's own provider modules (alert-twilio, alert-sendgrid), stores (alert-jdbc) and emulators use these, so
 * that a phone number is masked, a range is checked and a segment is counted the same way everywhere. They are
 * supported for SPI implementers: stable within a minor version (a change to a signature or to documented behaviour
 * waits for the next minor version and is listed in the changelog). They are not meant as application API; an
 * application needs none of them to send alerts.
 */
package dev.alertkit.spi.support;
