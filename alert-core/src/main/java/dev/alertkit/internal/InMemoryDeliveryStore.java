package dev.alertkit.internal;

import dev.alertkit.DeliveryState;
import dev.alertkit.spi.DeliveryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The default {@link DeliveryStore}: in memory, thread-safe (one lock), bounded. When more than {@code maxAttempts}
 * attempts are held, the oldest (first created) is evicted with its index entries; the dedup keys are bounded
 * separately, oldest first.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {
  private final int maxAttempts;
  private final LinkedHashMap<String, DeliveryState> states = new LinkedHashMap<>();
  private final Map<String, Set<String>> byMessage = new HashMap<>();
  private final Map<String, Set<String>> byAlert = new HashMap<>();
  private final Map<String, Boolean> seen;

  /**
   * Creates a store.
   *
   * @param maxAttempts the most attempts kept
   * @param maxDedupKeys the most dedup keys kept
   * @throws IllegalArgumentException when a bound is below 1
   */
  public InMemoryDeliveryStore(int maxAttempts, int maxDedupKeys) {
    if (maxAttempts < 1 || maxDedupKeys < 1) {
      throw new IllegalArgumentException("maxAttempts and maxDedupKeys must be positive");
    }
    this.maxAttempts = maxAttempts;
    this.seen = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > maxDedupKeys;
      }
    };
  }

  /**
   * A store keeping {@code maxAttempts} attempts and four times as many dedup keys (several events per attempt).
   *
   * @param maxAttempts the most attempts kept
   * @return the store
   * @throws IllegalArgumentException when maxAttempts is below 1
   */
  public static InMemoryDeliveryStore ofMaxEntries(int maxAttempts) {
    return new InMemoryDeliveryStore(maxAttempts, (int) Math.min(Integer.MAX_VALUE, 4L * maxAttempts));
  }

  @Override
  public synchronized Optional<DeliveryState> update(String attemptId, UnaryOperator<DeliveryState> update) {
    Objects.requireNonNull(attemptId, "attemptId");
    DeliveryState current = states.get(attemptId);
    DeliveryState next = update.apply(current);
    if (next == null) {
      if (current != null) {
        throw new IllegalStateException("update returned null for an existing state");
      }
      return Optional.empty();
    }
    if (!next.attemptId().equals(attemptId)) {
      throw new IllegalStateException("update changed the attempt id");
    }
    if (current != null) {
      unindex(current);
    }
    states.put(attemptId, next);
    index(next);
    evict();
    return Optional.ofNullable(states.get(attemptId));
  }

  @Override
  public synchronized Optional<DeliveryState> get(String attemptId) {
    return Optional.ofNullable(states.get(attemptId));
  }

  @Override
  public synchronized List<DeliveryState> findByProviderMessageId(String providerMessageId) {
    return lookup(byMessage.get(providerMessageId));
  }

  @Override
  public synchronized List<DeliveryState> findByAlert(String alertId) {
    return lookup(byAlert.get(alertId));
  }

  @Override
  public synchronized boolean markSeen(String dedupKey) {
    return seen.put(Objects.requireNonNull(dedupKey, "dedupKey"), Boolean.TRUE) == null;
  }

  @Override
  public synchronized boolean isSeen(String dedupKey) {
    return seen.containsKey(Objects.requireNonNull(dedupKey, "dedupKey"));
  }

  /** @return how many attempts are held */
  public synchronized int size() {
    return states.size();
  }

  private List<DeliveryState> lookup(Set<String> ids) {
    if (ids == null) {
      return List.of();
    }
    List<DeliveryState> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(states.get(id));
    }
    return List.copyOf(out);
  }

  private void index(DeliveryState s) {
    s.providerMessageId().ifPresent(m -> byMessage.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(s.attemptId()));
    byAlert.computeIfAbsent(s.alertId(), k -> new LinkedHashSet<>()).add(s.attemptId());
  }

  private void unindex(DeliveryState s) {
    s.providerMessageId().ifPresent(m -> remove(byMessage, m, s.attemptId()));
    remove(byAlert, s.alertId(), s.attemptId());
  }

  private static void remove(Map<String, Set<String>> index, String key, String attemptId) {
    Set<String> ids = index.get(key);
    if (ids != null) {
      ids.remove(attemptId);
      if (ids.isEmpty()) {
        index.remove(key);
      }
    }
  }

  private void evict() {
    Iterator<DeliveryState> it = states.values().iterator();
    while (states.size() > maxAttempts && it.hasNext()) {
      DeliveryState eldest = it.next();
      it.remove();
      unindex(eldest);
    }
  }
}
