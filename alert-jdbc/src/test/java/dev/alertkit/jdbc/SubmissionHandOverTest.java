package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import dev.alertkit.event.DispatchCompleted;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import dev.alertkit.testkit.FakeProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing an instance while it dispatches a durable submission hands the submission over: its reports are not written
 * as NOT_SENT, the timer row is rescheduled, and another instance finishes it — reporting the request that was in
 * flight as possibly sent instead of paging again.
 */
class SubmissionHandOverTest {

  @Test
  void closingAnInstanceMidDispatchHandsTheSubmissionToAnotherWithoutPagingTwice() throws Exception {
    String db = Pg.newDatabase("handover");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    ChannelProvider hanging = new ChannelProvider() {
      @Override
      public String name() {
        return "hanging-sms";
      }

      @Override
      public Set<Channel> channels() {
        return Set.of(Channel.SMS);
      }

      @Override
      public SendResult send(OutboundMessage message) {
        requests.incrementAndGet();
        started.countDown();
        try {
          never.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new SendResult.Accepted(Optional.of("late"), Optional.empty(), Map.of());
      }
    };
    FakeProvider smsB = FakeProvider.of("hanging-sms", Channel.SMS);
    BlockingQueue<DispatchCompleted> onB = new LinkedBlockingQueue<>();
    try (HikariDataSource poolA = Pg.pool(db, "handover-a", 6); HikariDataSource poolB = Pg.pool(db, "handover-b", 6)) {
      JdbcStores storesA = JdbcStores.builder(poolA).build();
      storesA.migrate();
      JdbcStores storesB = JdbcStores.builder(poolB).build();
      try {
        AlertClient a = AlertClient.builder().clock(Clock.systemUTC()).resilience(Resilience.none()).provider(hanging)
            .closeTimeout(Duration.ofMillis(200))
            .timers(storesA.timerService().schedulerName("a").pollingInterval(Duration.ofMillis(50))
                .shutdownMaxWait(Duration.ofMillis(300)).build())
            .dispatchJournal(storesA.dispatchJournal()).build();
        // given A picked the submission and its request is in flight
        a.submit(Alert.builder().id("handover-1").severity(Severity.CRITICAL).title("db-1 down")
            .recipient(Recipient.builder("bob").phone("+14155550100").build()).build());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when A closes mid-request, and B starts afterwards
        a.close();
        assertThat(onB).isEmpty();
        try (AlertClient b = AlertClient.builder().clock(Clock.systemUTC()).resilience(Resilience.none()).provider(smsB)
            .timers(storesB.timerService().schedulerName("b").pollingInterval(Duration.ofMillis(50)).build())
            .dispatchJournal(storesB.dispatchJournal()).listener(e -> {
              if (e instanceof DispatchCompleted c) {
                onB.add(c);
              }
            }).build()) {
          // then B finishes the handed-over submission: the request that was in flight is possibly sent, not resent
          DispatchCompleted done = onB.poll(30, TimeUnit.SECONDS);
          assertThat(done).as("B finished the handed-over submission").isNotNull();
          RecipientReport r = done.report().recipients().get(0);
          assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
          assertThat(r.reason().orElseThrow()).contains("interrupted").contains("may have been sent");
          assertThat(smsB.messages()).as("not paged again by B").isEmpty();
          assertThat(requests.get()).isEqualTo(1);
          assertThat(storesB.dispatchJournal().read("handover-1").reports()).containsOnlyKeys("bob");
        }
      } finally {
        never.countDown();
      }
    }
  }
}
