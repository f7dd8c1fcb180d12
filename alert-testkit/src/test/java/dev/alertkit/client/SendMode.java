package dev.alertkit.client;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import java.util.concurrent.TimeUnit;

/** The two ways of sending; every behaviour scenario runs through both. */
enum SendMode {
  SYNC {
    @Override
    DispatchReport send(AlertClient client, Alert alert) {
      return client.send(alert);
    }
  },
  ASYNC {
    @Override
    DispatchReport send(AlertClient client, Alert alert) {
      java.util.concurrent.CompletableFuture<DispatchReport> f = client.sendAsync(alert);
      try {
        return f.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("sendAsync did not complete", e);
      }
    }
  };

  abstract DispatchReport send(AlertClient client, Alert alert);
}
