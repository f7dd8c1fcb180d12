package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.jdbc.JdbcStoreException.Reason;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.DispatchJournal.AttemptMark;
import dev.alertkit.spi.DispatchJournal.Mark;
import dev.alertkit.spi.DispatchJournal.Recorded;
import dev.alertkit.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal contract and what only PostgreSQL adds: sharing, statement sizes, outages, purge. */
class JdbcDispatchJournalTest extends DispatchJournalContract {
  private static String db;
  private static HikariDataSource poolA;
  private static HikariDataSource poolB;
  private static JdbcStores storesA;
  private static JdbcStores storesB;

  @BeforeAll
  static void twoInstancesOnOneDatabase() {
    db = Pg.newDatabase("journal");
    poolA = Pg.pool(db, "journal-a", 8);
    poolB = Pg.pool(db, "journal-b", 4);
    storesA = JdbcStores.builder(poolA).build();
    storesB = JdbcStores.builder(poolB).build();
    storesA.migrate();
  }

  @AfterAll
  static void close() {
    poolA.close();
    poolB.close();
  }

  @Override
  DispatchJournal journal() {
    return storesA.dispatchJournal();
  }

  @Test
  void theJournalAndTheTimerServiceAreDurable() {
    assertThat(storesA.dispatchJournal().durable()).isTrue();
    assertThat(storesA.dispatchJournal()).isSameAs(storesA.dispatchJournal());
    try (JdbcTimerService timers = storesA.timerService().build()) {
      assertThat(timers.durable()).isTrue();
    }
  }

  @Test
  void twoJournalsOnTwoPoolsSeeEachOthersWrites() {
    // given instance A marks a request before it leaves
    String d = newDispatchId("shared");
    JdbcDispatchJournal a = storesA.dispatchJournal();
    JdbcDispatchJournal b = storesB.dispatchJournal();
    a.mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0), mark("bob", "att-2", Mark.STARTED, T0)));

    // when instance B resumes the dispatch: it reads A's marks, marks bob's message NOT_SENT and finishes
    assertThat(b.read(d).marks()).containsExactlyInAnyOrder(mark("alice", "att-1", Mark.STARTED, T0),
        mark("bob", "att-2", Mark.STARTED, T0));
    b.mark(d, List.of(mark("bob", "att-2", Mark.NOT_SENT, T0.plusSeconds(1))));
    b.finish(d, Map.of("alice", "possibly sent", "bob", "accepted"), T0.plusSeconds(2));

    // then A sees what B wrote
    Recorded onA = a.read(d);
    assertThat(onA.marks()).containsExactlyInAnyOrder(mark("alice", "att-1", Mark.STARTED, T0),
        mark("bob", "att-2", Mark.NOT_SENT, T0.plusSeconds(1)));
    assertThat(onA.reports()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", "possibly sent", "bob", "accepted"));
  }

  @Test
  void aCallLargerThanOneStatementIsWrittenInChunksOfOneTransaction() {
    // given a journal writing at most 3 marks, or 2 reports, or 10 characters of report text per statement
    JdbcDispatchJournal small = new JdbcDispatchJournal(storesA.sql(), storesA.tables(), 3, 2, 10);
    String d = newDispatchId("chunks");
    List<AttemptMark> marks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      marks.add(mark("r" + i, "att-" + i, Mark.STARTED, T0));
    }
    Map<String, String> reports = new LinkedHashMap<>();
    reports.put("r0", "short");
    reports.put("r1", "a report longer than ten characters");
    reports.put("r2", "tiny");
    reports.put("r3", "tiny too");
    reports.put("r4", "x");

    // when one call writes them (4 statements of marks; reports in statements of 1 or 2)
    small.mark(d, marks);
    small.finish(d, reports, T0);

    // then everything is there
    Recorded r = small.read(d);
    assertThat(r.marks()).containsExactlyInAnyOrderElementsOf(marks);
    assertThat(r.reports()).containsExactlyInAnyOrderEntriesOf(reports);
  }

  @Test
  void aFailureInALaterStatementOfOneCallLeavesNothingWritten() {
    // given a journal writing 3 marks per statement, and a call whose last mark PostgreSQL cannot store (a time
    // beyond timestamptz's range), sorted last by its attempt id
    JdbcDispatchJournal small = new JdbcDispatchJournal(storesA.sql(), storesA.tables(), 3, 2, 10);
    String d = newDispatchId("rollback");
    List<AttemptMark> marks = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      marks.add(mark("alice@example.com", "att-" + i, Mark.STARTED, T0));
    }
    marks.add(mark("alice@example.com", "att-9", Mark.STARTED, Instant.parse("+300000-01-01T00:00:00Z")));

    // when written, then the call fails naming the operation, not the recipient
    assertThatThrownBy(() -> small.mark(d, marks))
        .isInstanceOfSatisfying(JdbcStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER))
        .hasMessageContaining("dispatch journal mark")
        .hasMessageNotContaining("alice");
    // and the first statements were rolled back with it
    assertThat(small.read(d).isEmpty()).isTrue();
  }

  @Test
  void valuesPostgresqlCannotHoldAreRefusedWithoutEchoingThem() {
    String d = newDispatchId("refused");
    JdbcDispatchJournal journal = storesA.dispatchJournal();

    assertThatThrownBy(() -> journal.mark(d, List.of(mark("alice\u0000@example.com", "att-1", Mark.STARTED, T0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marks[0].recipientId")
        .hasMessageNotContaining("alice");
    assertThatThrownBy(() -> journal.finish(d, Map.of("alice", "secret\u0000report"), T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a report").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> journal.read("x".repeat(DispatchJournal.MAX_DISPATCH_ID + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 400");
    assertThat(journal.read(d).isEmpty()).isTrue();

    // a dispatch id of the maximum length works
    String longest = "y".repeat(DispatchJournal.MAX_DISPATCH_ID);
    journal.mark(longest, List.of(mark("alice", "att-1", Mark.STARTED, T0)));
    assertThat(journal.read(longest).marks()).hasSize(1);
  }

  @Test
  void purgeDeletesADispatchsRowsOnceItsNewestMarkAndReportOutlivedTheRetention() {
    // given a 30-day retention (own table prefix, so that other tests' rows are not purged) and four dispatches
    ManualClock clock = ManualClock.at(T0);
    JdbcStores stores = JdbcStores.builder(poolA).tablePrefix("purge_").clock(clock).retention(Duration.ofDays(30))
        .build();
    stores.migrate();
    JdbcDispatchJournal journal = stores.dispatchJournal();
    // old: marked and finished on day 0
    journal.mark("old", List.of(mark("alice", "a1", Mark.STARTED, day(0)), mark("bob", "a2", Mark.NOT_SENT, day(0))));
    journal.finish("old", Map.of("alice", "report"), day(0));
    // resumed: marked on day 0 and again on day 35
    journal.mark("resumed", List.of(mark("alice", "a1", Mark.STARTED, day(0))));
    journal.mark("resumed", List.of(mark("bob", "a2", Mark.STARTED, day(35))));
    // finished-late: marked on day 0, finished on day 35
    journal.mark("finished-late", List.of(mark("alice", "a1", Mark.STARTED, day(0))));
    journal.finish("finished-late", Map.of("alice", "report"), day(35));
    // new: marked on day 40
    journal.mark("new", List.of(mark("alice", "a1", Mark.STARTED, day(40))));

    // when purging on day 40
    clock.advance(Duration.ofDays(40));
    JdbcStores.PurgeResult result = stores.purge();

    // then only the old dispatch's three rows are gone; the others are kept whole
    assertThat(result).isEqualTo(new JdbcStores.PurgeResult(0, 0, 0, 0, 0, 3));
    assertThat(journal.read("old").isEmpty()).isTrue();
    assertThat(journal.read("resumed").marks()).hasSize(2);
    assertThat(journal.read("finished-late").marks()).hasSize(1);
    assertThat(journal.read("finished-late").reports()).hasSize(1);
    assertThat(journal.read("new").marks()).hasSize(1);
    assertThat(stores.purge()).isEqualTo(new JdbcStores.PurgeResult(0, 0, 0, 0, 0, 0));

    // and 31 days after the last write, everything goes
    clock.advance(Duration.ofDays(31));
    assertThat(stores.purge().dispatchRows()).isEqualTo(5);
  }

  @Test
  void markFailsWhileTheDatabaseIsStoppedAndWorksAgainAfterItRestarts(@TempDir Path dir) throws Exception {
    // given a PostgreSQL of our own (it will be stopped) and a dispatch with a STARTED mark
    StoppablePostgres pg = StoppablePostgres.start(dir);
    try (HikariDataSource pool = Pg.poolOnUrl(pg.url(), "journal-restart", 2)) {
      pool.setConnectionTimeout(500);
      JdbcStores stores = JdbcStores.builder(pool).build();
      stores.migrate();
      JdbcDispatchJournal journal = stores.dispatchJournal();
      journal.mark("alert-1", List.of(mark("alice", "att-1", Mark.STARTED, T0)));

      // when the database stops
      pg.stop();

      // then mark throws (so the engine does not make the request), saying the database is unavailable
      long start = System.nanoTime();
      assertThatThrownBy(() -> journal.mark("alert-1", List.of(mark("bob", "att-2", Mark.STARTED, T0))))
          .isInstanceOfSatisfying(JdbcStoreException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(e.isTransient()).isTrue();
          })
          .hasMessageContaining("dispatch journal mark");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

      // and when it is back, mark works again and the earlier mark survived (the failed one was not written)
      pg.restart();
      boolean marked = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!marked) {
        try {
          journal.mark("alert-1", List.of(mark("carol", "att-3", Mark.STARTED, T0)));
          marked = true;
        } catch (JdbcStoreException e) {
          assertThat(e.isTransient()).isTrue();
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
      }
      assertThat(journal.read("alert-1").marks()).containsExactlyInAnyOrder(mark("alice", "att-1", Mark.STARTED, T0),
          mark("carol", "att-3", Mark.STARTED, T0));
    } finally {
      pg.close();
    }
  }

}
