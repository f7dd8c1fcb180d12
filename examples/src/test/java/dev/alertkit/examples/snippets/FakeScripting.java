package dev.alertkit.examples.snippets;

import dev.alertkit.Failure;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.testkit.FakeResponse;
import dev.alertkit.testkit.ManualClock;
import java.time.Duration;

/** docs/testing.md: every way of scripting a fake, in the order the fake consults them (compiled, not run). */
final class FakeScripting {
  private FakeScripting() {}

  static void script(FakeProvider sms, ManualClock clock, Failure failure, Failure tooLong, Failure outage) {
    // tag::testing-scripting[]
    sms.enqueue(FakeResponse.accept("SM-1").thenDeliver(Duration.ofSeconds(5)),   // 1. queued answers, first in first out
                FakeResponse.fail(Failure.Kind.AMBIGUOUS, Failure.Fault.PROVIDER, "20500"));
    sms.failNext(2, failure);                                                       //    (same queue)
    sms.failWhen(m -> m.to().startsWith("+91"), failure);                          // 2. rules, in the order added
    sms.dispatcher(m -> m.text().length() > 1600 ? SendResult.rejected(tooLong) : null); // 3. custom code; null falls through
    sms.flaky(0.2, 42L, outage);                                                   // 4. seeded random failures
                                                                                   // 5. otherwise accepted as fake-sms-1, fake-sms-2...
    sms.latency(clock, Duration.ofMillis(300));  // each request moves the manual clock; nothing sleeps
    sms.deliverAll();                            // DELIVERED for every accepted message, into the client's listeners
    sms.fail("fake-sms-2", "30003");             // a carrier failure after acceptance
    clock.advance(Duration.ofSeconds(5));        // scripted follow-ups (thenDeliver(5 s)) fall due here
    sms.recorded();                              // every message with its answer, status and events
    // end::testing-scripting[]
  }
}
