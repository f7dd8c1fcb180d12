package dev.alertkit;

import dev.alertkit.event.AlertEvent;
import dev.alertkit.event.CircuitStateChanged;
import dev.alertkit.event.FallbackTaken;
import dev.alertkit.event.RateLimited;
import dev.alertkit.event.RetryScheduled;
import dev.alertkit.event.RetrySkipped;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Records resilience events as readable lines (every recipient of a batch, comma-separated). */
final class ResilienceEventLog implements AlertListener {
  private final List<String> events = new ArrayList<>();

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized List<String> eventsStartingWith(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }

  private synchronized void add(String e) {
    events.add(e);
  }

  private static String ids(List<Recipient> recipients) {
    return recipients.stream().map(Recipient::id).collect(Collectors.joining(","));
  }

  @Override
  public void onEvent(AlertEvent event) {
    if (event instanceof RetryScheduled r) {
      add("retry " + r.provider() + " " + ids(r.recipients()) + " in " + r.delay() + " after " + r.failure().kind());
    } else if (event instanceof RetrySkipped r) {
      add("no-retry " + r.provider() + " " + ids(r.recipients()) + ": " + r.reason());
    } else if (event instanceof RateLimited r) {
      add("rate-limited " + r.provider() + " " + r.sender() + " " + ids(r.recipients()) + " waits " + r.delay());
    } else if (event instanceof CircuitStateChanged c) {
      add("circuit " + c.provider() + " " + c.to());
    } else if (event instanceof FallbackTaken f) {
      add("fallback " + f.recipient().id() + " " + f.fromTier() + "->" + f.toTier());
    }
  }
}
