/**
 * The SendGrid email provider for alertkit. Build a {@link dev.alertkit.sendgrid.SendGridConfig} and hand
 * {@link dev.alertkit.sendgrid.SendGridProviders#email(SendGridConfig)} to the client.
 *
 * <pre>{@code
 * ChannelProvider email = SendGridProviders.email(SendGridConfig.fromEnv());
 * }</pre>
 */
package dev.alertkit.sendgrid;
