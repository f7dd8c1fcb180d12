package dev.alertkit.spring;

import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.spi.ChannelProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of alertkit ({@code /actuator/health/alertkit}): the configured providers and their channels, each
 * provider's circuit state, and the last webhook each provider sent. DOWN when every provider's circuit is open
 * (nothing can be sent); otherwise UP. No secret, address or alert content is shown.
 */
public final class AlertkitHealthIndicator implements HealthIndicator {
  private final ObjectProvider<AlertkitChannelProviders> configured;
  private final ObjectProvider<ChannelProvider> own;
  private final AlertkitCircuitStates circuits;
  private final ObjectProvider<WebhookActivity> webhooks;

  AlertkitHealthIndicator(ObjectProvider<AlertkitChannelProviders> configured, ObjectProvider<ChannelProvider> own,
      AlertkitCircuitStates circuits, ObjectProvider<WebhookActivity> webhooks) {
    this.configured = configured;
    this.own = own;
    this.circuits = circuits;
    this.webhooks = webhooks;
  }

  @Override
  public Health health() {
    List<ChannelProvider> all = new ArrayList<>();
    configured.orderedStream().forEach(p -> all.addAll(p.providers()));
    own.orderedStream().forEach(all::add);
    Map<String, Object> providers = new TreeMap<>();
    int open = 0;
    for (ChannelProvider p : all) {
      CircuitStateChanged.State state = circuits.state(p.name());
      if (state == CircuitStateChanged.State.OPEN) {
        open++;
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("channels", p.channels().stream().map(Enum::name).sorted().toList());
      d.put("circuit", state.name());
      providers.put(p.name(), d);
    }
    Health.Builder b = !all.isEmpty() && open == all.size() ? Health.down() : Health.up();
    b.withDetail("providers", providers);
    WebhookActivity activity = webhooks.getIfAvailable();
    if (activity != null) {
      Map<String, Object> seen = new TreeMap<>();
      activity.last().forEach((provider, s) -> seen.put(provider, Map.of("lastAt", s.at().toString(), "lastStatus", s.status())));
      b.withDetail("webhooks", seen);
    }
    return b.build();
  }
}
