package dev.alertkit.internal;

import dev.alertkit.spi.BudgetStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link BudgetStore}: counters in this process, one lock for reserve/settle/release so that a reserve
 * across several buckets is all or nothing. Remembers the newest 100,000 reservations (older ones can no longer be
 * settled or released; their amount stays counted).
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private static final int MAX_RESERVATIONS = 100_000;

  private final Map<String, BigDecimal> spent = new HashMap<>();
  private final Map<String, Reservation> reservations = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Reservation> eldest) {
      return size() > MAX_RESERVATIONS;
    }
  };
  private final Map<String, Instant> stops = new HashMap<>();

  private static final class Reservation {
    final List<String> keys;
    BigDecimal amount;

    Reservation(List<String> keys, BigDecimal amount) {
      this.keys = keys;
      this.amount = amount;
    }
  }

  @Override
  public synchronized List<Bucket> reserve(String reservationId, List<Bucket> buckets, BigDecimal amount, boolean enforce) {
    Objects.requireNonNull(reservationId, "reservationId");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative");
    }
    if (reservations.containsKey(reservationId)) {
      return List.of();   // reserved already: reserving is idempotent per id
    }
    List<Bucket> over = new ArrayList<>();
    for (Bucket b : buckets) {
      if (spent(b.key()).add(amount).compareTo(b.limit()) > 0) {
        over.add(b);
      }
    }
    if (enforce && !over.isEmpty()) {
      return over;
    }
    List<String> keys = new ArrayList<>(buckets.size());
    for (Bucket b : buckets) {
      spent.merge(b.key(), amount, BigDecimal::add);
      keys.add(b.key());
    }
    reservations.put(reservationId, new Reservation(List.copyOf(keys), amount));
    return enforce ? List.of() : over;
  }

  @Override
  public synchronized void settle(String reservationId, BigDecimal actual) {
    if (actual.signum() < 0) {
      throw new IllegalArgumentException("actual must not be negative");
    }
    Reservation r = reservations.get(reservationId);
    if (r == null) {
      return;
    }
    BigDecimal delta = actual.subtract(r.amount);
    for (String k : r.keys) {
      spent.merge(k, delta, BigDecimal::add);
    }
    r.amount = actual;
  }

  @Override
  public synchronized void release(String reservationId) {
    Reservation r = reservations.remove(reservationId);
    if (r == null) {
      return;
    }
    for (String k : r.keys) {
      spent.merge(k, r.amount.negate(), BigDecimal::add);
    }
  }

  @Override
  public synchronized BigDecimal spent(String key) {
    return spent.getOrDefault(key, BigDecimal.ZERO);
  }

  @Override
  public synchronized void hardStop(String category, Instant until) {
    stops.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(until, "until"));
  }

  @Override
  public synchronized void clearHardStop(String category) {
    stops.remove(category);
  }

  @Override
  public synchronized Optional<Instant> hardStopUntil(String category, Instant now) {
    Instant until = stops.get(category);
    if (until != null && !now.isBefore(until)) {
      stops.remove(category);
      return Optional.empty();
    }
    return Optional.ofNullable(until);
  }

  @Override
  public String toString() {
    return "InMemoryBudgetStore";
  }
}
