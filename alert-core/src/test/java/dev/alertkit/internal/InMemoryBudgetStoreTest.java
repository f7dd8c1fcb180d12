package dev.alertkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.spi.BudgetStore.Bucket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
  private final InMemoryBudgetStore store = new InMemoryBudgetStore();

  @Test
  void concurrentReservationsNeverPassTheLimit() throws Exception {
    Bucket day = new Bucket("day", new BigDecimal("1.00"));
    Bucket month = new Bucket("month", new BigDecimal("100"));
    AtomicInteger reserved = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int i = 0; i < 400; i++) {
        String id = "r" + i;
        pool.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (store.reserve(id, List.of(day, month), new BigDecimal("0.03"), true).isEmpty()) {
            reserved.incrementAndGet();
          }
        });
      }
      go.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(reserved.get()).isEqualTo(33);   // 33 × 0.03 = 0.99; a 34th would be 1.02
    assertThat(store.spent("day")).isEqualByComparingTo("0.99");
    assertThat(store.spent("month")).isEqualByComparingTo("0.99");
  }

  @Test
  void reserveIsAllOrNothingAcrossBuckets() {
    Bucket small = new Bucket("small", new BigDecimal("0.05"));
    Bucket big = new Bucket("big", new BigDecimal("10"));

    List<Bucket> over = store.reserve("r1", List.of(big, small), new BigDecimal("0.06"), true);

    assertThat(over).containsExactly(small);
    assertThat(store.spent("big")).isZero();
  }

  @Test
  void settleReplacesTheEstimateAndReleaseGivesItBack() {
    Bucket b = new Bucket("b", BigDecimal.TEN);
    store.reserve("r1", List.of(b), new BigDecimal("0.0158"), true);
    store.reserve("r2", List.of(b), new BigDecimal("0.0079"), true);

    store.settle("r1", new BigDecimal("0.0150"));
    store.release("r2");
    store.release("r2");

    assertThat(store.spent("b")).isEqualByComparingTo("0.0150");
  }

  @Test
  void hardStopEndsAtItsTime() {
    Instant t = Instant.parse("2026-11-30T00:00:00Z");
    store.hardStop("twilio:sms", t.plusSeconds(60));

    assertThat(store.hardStopUntil("twilio:sms", t)).contains(t.plusSeconds(60));
    assertThat(store.hardStopUntil("twilio:sms", t.plusSeconds(60))).isEmpty();
  }
}
