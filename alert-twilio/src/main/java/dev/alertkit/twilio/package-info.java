/**
 * Twilio SMS, voice and WhatsApp providers for alertkit. Start with {@link dev.alertkit.twilio.TwilioConfig} and
 * {@link dev.alertkit.twilio.TwilioProviders}; {@link dev.alertkit.twilio.TwilioCallbacks} names the status callback
 * URLs the providers ask Twilio to call.
 */
package dev.alertkit.twilio;
