package dev.alertkit.micrometer;

import dev.alertkit.Attempt;
import io.micrometer.common.KeyValues;
import java.util.Optional;

/**
 * The default names and key values of an attempt observation.
 *
 * <ul>
 *   <li>name {@value #NAME}, contextual name {@code alertkit attempt <channel>}, e.g. {@code alertkit attempt sms};</li>
 *   <li>low cardinality: {@code channel}, {@code provider} (the configured name), {@code result} ({@code accepted},
 *       {@code failed}, {@code unknown} while in flight), {@code kind} and {@code fault} of the failure
 *       ({@code none} when accepted);</li>
 *   <li>high cardinality: {@code alertkit.alert.id}, {@code alertkit.attempt.id}, and
 *       {@code alertkit.provider.message.id} once the provider gave one.</li>
 * </ul>
 */
public class DefaultAttemptObservationConvention implements AttemptObservationConvention {
  /** The observation's name. */
  public static final String NAME = "alertkit.attempt";

  /** Creates the convention. */
  public DefaultAttemptObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(AttemptObservationContext context) {
    return "alertkit attempt " + TagValues.of(context.channel());
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
    Optional<Attempt> a = context.attempt();
    return KeyValues.of(AlertkitMetrics.TAG_CHANNEL, TagValues.of(context.channel()),
        AlertkitMetrics.TAG_PROVIDER, context.provider(),
        AlertkitMetrics.TAG_RESULT, a.map(TagValues::result).orElse(TagValues.UNKNOWN),
        AlertkitMetrics.TAG_KIND, a.map(TagValues::kind).orElse(TagValues.UNKNOWN),
        AlertkitMetrics.TAG_FAULT, a.map(TagValues::fault).orElse(TagValues.UNKNOWN));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(AttemptObservationContext context) {
    KeyValues kv = KeyValues.of(AlertkitMetrics.KEY_ALERT_ID, context.alert().id(), AlertkitMetrics.KEY_ATTEMPT_ID, context.attemptId());
    Optional<String> messageId = context.attempt().flatMap(Attempt::providerMessageId);
    return messageId.isPresent() ? kv.and(AlertkitMetrics.KEY_PROVIDER_MESSAGE_ID, messageId.get()) : kv;
  }
}
