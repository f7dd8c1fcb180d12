package dev.alertkit.internal;

import dev.alertkit.Channel;
import dev.alertkit.incident.Incident;
import dev.alertkit.incident.Notification;
import dev.alertkit.spi.IncidentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link IncidentStore}: incidents in memory, every change under one lock (a compare-and-set on the
 * version). Keeps at most {@code maxIncidents}; beyond that the oldest resolved incident is forgotten first.
 */
public final class InMemoryIncidentStore implements IncidentStore {
  private final int maxIncidents;
  private final Map<String, Incident> byId = new LinkedHashMap<>();
  private final Map<String, String> openByDedupKey = new ConcurrentHashMap<>();
  private final Map<String, String> byAlertId = new ConcurrentHashMap<>();
  private final Set<String> optOuts = ConcurrentHashMap.newKeySet();
  private final Map<String, long[]> wrongCodes = new ConcurrentHashMap<>();
  private final Map<String, java.time.Instant> claimed = new ConcurrentHashMap<>();

  /**
   * @param maxIncidents how many incidents to keep (1 or more)
   */
  public InMemoryIncidentStore(int maxIncidents) {
    if (maxIncidents < 1) {
      throw new IllegalArgumentException("maxIncidents must be at least 1 (was " + maxIncidents + ")");
    }
    this.maxIncidents = maxIncidents;
  }

  @Override
  public synchronized Incident createOrGetOpen(Incident incident) {
    Objects.requireNonNull(incident, "incident");
    if (incident.dedupKey().isPresent()) {
      String open = openByDedupKey.get(incident.dedupKey().get());
      if (open != null && byId.containsKey(open)) {
        return byId.get(open);
      }
    }
    if (byId.containsKey(incident.id())) {
      throw new IllegalStateException("an incident with id " + incident.id() + " exists");
    }
    evictIfFull();
    byId.put(incident.id(), incident);
    incident.dedupKey().ifPresent(k -> openByDedupKey.put(k, incident.id()));
    index(incident);
    return incident;
  }

  private void evictIfFull() {
    if (byId.size() < maxIncidents) {
      return;
    }
    String victim = byId.values().stream().filter(i -> !i.state().isOpen()).map(Incident::id).findFirst()
        .orElse(byId.keySet().iterator().next());
    Incident gone = byId.remove(victim);
    gone.dedupKey().ifPresent(k -> openByDedupKey.remove(k, victim));
    gone.notifications().forEach(n -> byAlertId.remove(n.alertId(), victim));
  }

  private void index(Incident incident) {
    for (Notification n : incident.notifications()) {
      byAlertId.put(n.alertId(), incident.id());
    }
  }

  @Override
  public synchronized Optional<Incident> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<Incident> findOpenByDedupKey(String dedupKey) {
    String id = openByDedupKey.get(dedupKey);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id)).filter(i -> i.state().isOpen());
  }

  @Override
  public synchronized Optional<Incident> findByNotificationAlertId(String alertId) {
    String id = byAlertId.get(alertId);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized List<Incident> findOpenByNotifiedAddress(String address) {
    List<Incident> out = new ArrayList<>();
    for (Incident i : byId.values()) {
      if (i.state().isOpen() && i.notifications().stream().anyMatch(n -> n.address().equals(address))) {
        out.add(i);
      }
    }
    out.sort(Comparator.comparing(Incident::openedAt).reversed());
    return out;
  }

  @Override
  public synchronized boolean replace(Incident expected, Incident next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.id().equals(next.id())) {
      throw new IllegalArgumentException("ids differ: " + expected.id() + " vs " + next.id());
    }
    if (next.version() != expected.version() + 1) {
      throw new IllegalArgumentException("next version must be " + (expected.version() + 1) + " (was " + next.version() + ")");
    }
    Incident current = byId.get(expected.id());
    if (current == null || current.version() != expected.version()) {
      return false;
    }
    byId.put(next.id(), next);
    if (!next.state().isOpen()) {
      next.dedupKey().ifPresent(k -> openByDedupKey.remove(k, next.id()));
    }
    index(next);
    return true;
  }

  @Override
  public void setOptedOut(String address, Channel channel, boolean optedOut) {
    if (optedOut) {
      optOuts.add(channel + " " + address);
    } else {
      optOuts.remove(channel + " " + address);
    }
  }

  @Override
  public boolean isOptedOut(String address, Channel channel) {
    return optOuts.contains(channel + " " + address);
  }

  @Override
  public int countWrongCode(String sender, long windowStartMillis) {
    long[] c = wrongCodes.compute(sender, (k, v) -> v == null || v[0] != windowStartMillis ? new long[] {windowStartMillis, 1}
        : new long[] {windowStartMillis, v[1] + 1});
    return (int) c[1];
  }

  @Override
  public int wrongCodes(String sender, long windowStartMillis) {
    long[] c = wrongCodes.get(sender);
    return c == null || c[0] != windowStartMillis ? 0 : (int) c[1];
  }

  @Override
  public boolean claimOnce(String key, java.time.Instant expiresAt) {
    return claimed.putIfAbsent(key, expiresAt) == null;
  }

  /** @return how many incidents are kept */
  public synchronized int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    return "InMemoryIncidentStore{max " + maxIncidents + "}";
  }
}
