package dev.alertkit.sendgrid;

import dev.alertkit.sendgrid.internal.Classifier;
import dev.alertkit.sendgrid.internal.HttpClientFactory;
import dev.alertkit.spi.ChannelProvider;
import java.util.Objects;

/**
 * Entry point of the SendGrid module: creates the email {@link ChannelProvider}.
 *
 * <pre>{@code
 * try (ChannelProvider email = SendGridProviders.email(SendGridConfig.fromEnv())) {
 *   // hand it to AlertClient.builder().provider(email)
 * }
 * }</pre>
 *
 * <p>Every personalization carries our correlation as SendGrid {@code custom_args}; SendGrid copies them as
 * top-level keys onto each event of its event webhook, so a tracker matches events to attempts with
 * {@link #CUSTOM_ARG_ATTEMPT_ID}.
 */
public final class SendGridProviders {
  /** The provider's name in reports, logs and metrics. */
  public static final String NAME = "sendgrid";
  /** {@code custom_args} key carrying the alert id. */
  public static final String CUSTOM_ARG_ALERT_ID = "alertkit_alert_id";
  /** {@code custom_args} key carrying the attempt id (unique per recipient and attempt). */
  public static final String CUSTOM_ARG_ATTEMPT_ID = "alertkit_attempt_id";
  /** {@code custom_args} key carrying the recipient id. */
  public static final String CUSTOM_ARG_RECIPIENT_ID = "alertkit_recipient_id";
  /** Provider status of an accepted mail (HTTP 202). */
  public static final String STATUS_ACCEPTED = Classifier.STATUS_ACCEPTED;
  /** Provider status of a mail validated in sandbox mode (HTTP 200): SendGrid delivers nothing. */
  public static final String STATUS_SANDBOX = Classifier.STATUS_SANDBOX;
  /** Most personalizations (recipients) SendGrid accepts in one request; also {@code maxBatchSize()}. */
  public static final int MAX_PERSONALIZATIONS = 1000;
  /** Largest {@code custom_args} of one personalization, in bytes of JSON. */
  public static final int MAX_CUSTOM_ARGS_BYTES = 10_000;
  /** Largest request body we send (SendGrid's limit is 30 MB per mail). */
  public static final int MAX_REQUEST_BYTES = 30_000_000;

  private SendGridProviders() {}

  /**
   * Creates the email provider. It owns an HTTP connection pool sized by the configuration; close it (or the
   * client it is given to) to release the pool.
   *
   * @param config the account configuration
   * @return a thread-safe provider named {@value #NAME} for {@link dev.alertkit.Channel#EMAIL}
   * @throws NullPointerException when config is null
   */
  public static ChannelProvider email(SendGridConfig config) {
    Objects.requireNonNull(config, "config");
    return new SendGridEmailProvider(
        config,
        HttpClientFactory.create(config.http().poolSize(), config.http().connectTimeout(), config.http().readTimeout(),
            config.http().poolLeaseTimeout()),
        MAX_REQUEST_BYTES);
  }
  /**
   * Starts a {@link SuppressionCheck}: SendGrid's suppression lists, consulted while an alert is planned, so a
   * suppressed address is skipped with the reason (or, for CRITICAL alerts when opted in, sent with the emergency
   * bypass). Give it to {@code AlertClient.builder().contactCheck(...)}; the email provider applies the bypass.
   *
   * @param config the account configuration (API key, host)
   * @return a builder with the defaults
   * @throws NullPointerException when config is null
   */
  public static SuppressionCheck.Builder suppressionCheck(SendGridConfig config) {
    return SuppressionCheck.builder(config);
  }

}
