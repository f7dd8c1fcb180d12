package dev.alertkit.benchmarks;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** The alertkit side of the bursts and the email fan-out, against the stub answering after 50 ms. */
final class AlertkitBursts {
  private AlertkitBursts() {}

  static void run(StubServer stub, int n, int repeats, Report report) {
    sms(stub, n, repeats, report);
    email(stub, n, repeats, report);
  }

  static void sms(StubServer stub, int n, int repeats, Report report) {
    // 1. n alerts, one SMS recipient each, sendAsync, client and provider defaults (maxConcurrentSends 100).
    List<Burst.Timing> defaults = smsBurst(stub, n, repeats, b -> b);
    report.burst("alertkit: " + n + " × `sendAsync` (one SMS recipient each), all defaults (maxConcurrentSends "
        + "100 = Twilio pool 100)", defaults, "target ≤ 0.75 s; raw anchor above");
    double d = Report.median(defaults);
    // Variants: the previous default (64, where the client bounds concurrency) and 128 (above the pool: the pool binds).
    List<Burst.Timing> at64 = smsBurst(stub, n, repeats, b -> b.maxConcurrentSends(64));
    report.burst("alertkit: same, `maxConcurrentSends(64)` (the previous default)", at64, "comparison");
    List<Burst.Timing> at128 = smsBurst(stub, n, repeats, b -> b.maxConcurrentSends(128));
    report.burst("alertkit: same, `maxConcurrentSends(128)` (Twilio pool 100 binds)", at128, "alternative");
    double l = Report.median(at64);
    double t = Report.median(at128);
    report.burstNote("- SMS burst, alertkit/raw Twilio (medians, same run): defaults " + RunAll.f(d / report.rawTwilioBurst, 2)
        + ", maxConcurrentSends 64: " + RunAll.f(l / report.rawTwilioBurst, 2) + ", 128: " + RunAll.f(t / report.rawTwilioBurst, 2)
        + ". Against the 0.5 s floor: " + RunAll.f(d / 0.5, 2) + ", " + RunAll.f(l / 0.5, 2) + ", " + RunAll.f(t / 0.5, 2)
        + ". With 64 the client, not the pool, bounds concurrency: 1,000/64 → 16 rounds × 50 ms = 0.8 s at best;"
        + " the default is therefore 100, the Twilio pool size. 128 queues sends for a pooled connection, which against a"
        + " provider slower than the 5 s pool wait would fail them.\n");
    if (d > 0.75) {
      report.why("- Burst: defaults (maxConcurrentSends 100) measured " + RunAll.f(d, 3) + " s against a 0.75 s target; "
          + "64: " + RunAll.f(l, 3) + " s, 128: " + RunAll.f(t, 3) + " s.\n");
    }
    report.summary("burst of 1,000 SMS at 50 ms ≤ 0.75 s (defaults: maxConcurrentSends 100)", Report.spread(defaults), d <= 0.75 && n == 1000);
  }

  /**
   * Saturated throughput: the stub answers at once, so the client's CPU, not the provider's latency, bounds the rate.
   * alertkit's {@code sendAsync} with defaults (Twilio bulkhead 100 = pool 100) against the raw Twilio SDK with a pool
   * of 100 and 100 caller threads.
   */
  static void saturated(StubServer stub, int n, int repeats, Report report) {
    stub.delay(java.time.Duration.ZERO);
    com.twilio.http.TwilioRestClient raw = RawSdks.twilio(stub.baseUrl(), 100);
    Burst.rawTwilio(stub, raw, n, 100); // warm-up
    List<Burst.Timing> rawRuns = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      Burst.pause();
      rawRuns.add(Burst.rawTwilio(stub, raw, n, 100));
    }
    report.burst("Raw Twilio SDK, saturated (stub answers at once): " + n + " creates, 100 caller threads, pool 100", rawRuns, "—");
    List<Burst.Timing> ours = smsBurst(stub, n, repeats, b -> b);
    report.burst("alertkit, saturated: " + n + " × `sendAsync`, defaults (bulkhead 100 = Twilio pool 100)", ours,
        "target throughput ≥ 1.0× raw");
    double ratio = Report.median(rawRuns) / Report.median(ours);
    report.summary("saturated `sendAsync` throughput ≥ 1.0× the raw Twilio SDK with the same pool (100)",
        RunAll.f(ratio, 2) + "× (alertkit " + RunAll.f(n / Report.median(ours), 0) + "/s, raw " + RunAll.f(n / Report.median(rawRuns), 0)
            + "/s)", ratio >= 1.0);
  }

  static void email(StubServer stub, int n, int repeats, Report report) {
    // 2. One alert to n email recipients: one request.
    List<Burst.Timing> email = emailBurst(stub, n, repeats);
    Burst.Timing last = email.get(email.size() - 1);
    report.burst("alertkit: one alert to " + n + " email recipients, `send`, defaults", email,
        "target one request, ≤ 0.2 s; raw anchor above");
    report.burstNote("- Email to " + n + " recipients, alertkit/raw SendGrid (medians, same run): "
        + RunAll.f(Report.median(email) / report.rawSendGridPerRecipient, 4) + " of one-request-per-recipient with SDK defaults, "
        + RunAll.f(Report.median(email) / report.rawSendGridOneRequest, 2) + " of one hand-built request.\n");
    report.summary("1,000 email recipients of one alert: one request, ≤ 0.2 s",
        last.requests() + " request(s), " + Report.spread(email), last.requests() == 1 && Report.median(email) <= 0.2 && n == 1000);

    // 3. Fan-out: one alert to 10,000 email recipients.
    int fan = n * 10;
    List<Burst.Timing> fanout = emailBurst(stub, fan, repeats);
    Burst.Timing f = fanout.get(fanout.size() - 1);
    int expected = (fan + 999) / 1000;
    report.burst("alertkit: one alert to " + fan + " email recipients (fan-out), `send`, defaults", fanout,
        "target ceil(" + fan + "/1000) = " + expected + " requests");
    report.summary("email fan-out: " + fan + " recipients → ceil(recipients/1000) = " + expected + " requests",
        f.requests() + " requests, " + stub.personalizations() + " personalizations in the last run, " + Report.spread(fanout),
        f.requests() == expected);
  }

  private static List<Burst.Timing> smsBurst(StubServer stub, int n, int repeats, UnaryOperator<AlertClient.Builder> tune) {
    List<Recipient> recipients = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      recipients.add(Alertkit.phone(i));
    }
    List<Burst.Timing> out = new ArrayList<>();
    try (AlertClient client = Alertkit.smsClient(stub, tune)) {
      for (int r = -1; r < repeats; r++) {   // r = -1: warm-up
        Burst.pause();
        Burst.Timing t = Burst.async(stub::twilioRequests, () -> {
          List<CompletableFuture<DispatchReport>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(client.sendAsync(Alertkit.alert(List.of(recipients.get(i)))));
          }
          return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> count(all));
        });
        if (r >= 0) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private static List<Burst.Timing> emailBurst(StubServer stub, int n, int repeats) {
    List<Recipient> recipients = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      recipients.add(Alertkit.email(i));
    }
    Alert alert = Alertkit.alert(recipients);
    List<Burst.Timing> out = new ArrayList<>();
    try (AlertClient client = Alertkit.emailClient(stub)) {
      for (int r = -1; r < repeats; r++) {
        Burst.pause();
        stub.resetCounters();
        Burst.Timing t = Burst.async(stub::sendgridRequests, () -> {
          DispatchReport report = client.send(alert);
          Map<Outcome, Integer> c = report.countByOutcome();
          int ok = c.getOrDefault(Outcome.ACCEPTED, 0);
          return CompletableFuture.completedFuture(new int[] {ok, n - ok});
        });
        if (r >= 0) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private static int[] count(List<CompletableFuture<DispatchReport>> all) {
    int ok = 0;
    int failed = 0;
    Map<String, Integer> why = new java.util.TreeMap<>();
    for (CompletableFuture<DispatchReport> f : all) {
      DispatchReport r = f.join();
      for (dev.alertkit.RecipientReport rr : r.recipients()) {
        if (rr.outcome() == Outcome.ACCEPTED) {
          ok++;
        } else {
          failed++;
          String reason = rr.outcome() + ": " + rr.reason().orElse("(no reason)");
          why.merge(reason.length() > 300 ? reason.substring(0, 300) + "…" : reason, 1, Integer::sum);
        }
      }
    }
    if (failed > 0) {
      // A burst that is not fully accepted says why, so that a benchmark run can be explained, not just counted.
      System.err.println("burst: " + failed + " of " + (ok + failed) + " not accepted; reasons: " + why);
    }
    return new int[] {ok, failed};
  }
}
