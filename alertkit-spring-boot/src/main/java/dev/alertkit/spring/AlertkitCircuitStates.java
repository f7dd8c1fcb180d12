package dev.alertkit.spring;

import dev.alertkit.AlertListener;
import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.CircuitStateChanged;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers each provider's last circuit-breaker state, for the health indicator. A listener of the client. */
public final class AlertkitCircuitStates implements AlertListener {
  private final Map<String, CircuitStateChanged.State> states = new ConcurrentHashMap<>();

  /** Creates an empty record: every provider is CLOSED until it says otherwise. */
  public AlertkitCircuitStates() {}

  @Override
  public void onEvent(AlertEvent event) {
    if (event instanceof CircuitStateChanged c) {
      states.put(c.provider(), c.to());
    }
  }

  /**
   * The state of a provider's circuit.
   *
   * @param provider the provider name
   * @return its last reported state, CLOSED when none was reported
   */
  public CircuitStateChanged.State state(String provider) {
    return states.getOrDefault(provider, CircuitStateChanged.State.CLOSED);
  }

  /** @return the providers whose circuit changed state at least once, by name */
  public Map<String, CircuitStateChanged.State> states() {
    return new TreeMap<>(states);
  }
}
