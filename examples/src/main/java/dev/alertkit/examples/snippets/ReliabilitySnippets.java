package dev.alertkit.examples.snippets;

import dev.alertkit.AlertClient;
import dev.alertkit.RateLimit;
import dev.alertkit.Resilience;
import dev.alertkit.spi.ChannelProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The snippets of docs/reliability.md. */
final class ReliabilitySnippets {
  private ReliabilitySnippets() {}

  static Resilience perProvider() {
    // tag::reliability-per-provider[]
    // US long code: 1 SMS/s per sender; one sender on a toll-free number gets 3/s
    Resilience resilience = Resilience.builder()
        .forProvider("twilio-sms", p -> p
            .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ofSeconds(20)))
            .rateLimit("+18005550100", RateLimit.perSecond(3)))
        .forProvider("sendgrid", p -> p.timeout(Duration.ofSeconds(10)).maxAttempts(5))
        .build();
    // end::reliability-per-provider[]
    return resilience;
  }

  static Resilience paging() {
    // tag::reliability-per-provider[]

    // Accept possible duplicates for a paging channel where silence is worse than a double page
    Resilience paging = Resilience.builder().retryAmbiguous(true).maxAttempts(2).build();
    // end::reliability-per-provider[]
    return paging;
  }

  /** What the reading snippet found, for its test. */
  record Read(int attempts, Duration firstWait, Optional<RateLimit> tollFree, Optional<Duration> openFor,
      Optional<Resilience.RetryBudget> budget) {}

  static Read read(Resilience resilience) {
    // tag::reliability-reading[]
    Resilience sms = resilience.forProvider("twilio-sms");   // its override, else the shared settings
    int attempts = sms.retry().maxAttempts();
    Duration firstWait = sms.retry().backoff().base();
    Optional<RateLimit> tollFree = sms.rateLimits().forSender("+18005550100");
    Optional<Duration> openFor = sms.circuitBreaker().map(Resilience.CircuitBreaker::openFor);   // empty: no breaker
    Optional<Resilience.RetryBudget> budget = sms.retryBudget();                                  // empty: no budget
    // end::reliability-reading[]
    return new Read(attempts, firstWait, tollFree, openFor, budget);
  }

  static AlertClient tests(ChannelProvider fake, Clock clock, ScheduledExecutorService scheduler) {
    // tag::reliability-tests[]
    // Tests: exact waits, reproducible jitter; the scheduler is the testkit's ManualScheduler.on(clock)
    Resilience test = Resilience.builder().jitter(0).jitterSeed(42).build();
    AlertClient client = AlertClient.builder().provider(fake).clock(clock).scheduler(scheduler)
        .resilience(test).build();
    // end::reliability-tests[]
    return client;
  }
}
