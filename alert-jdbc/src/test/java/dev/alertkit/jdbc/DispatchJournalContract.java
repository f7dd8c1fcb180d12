package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alertkit.Channel;
import dev.alertkit.spi.DispatchJournal;
import dev.alertkit.spi.DispatchJournal.AttemptMark;
import dev.alertkit.spi.DispatchJournal.Mark;
import dev.alertkit.spi.DispatchJournal.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link DispatchJournal} contract, run against every implementation (a subclass per implementation supplies the
 * journal). Every test uses its own dispatch ids, so one journal (one database) may serve a whole class. Times have
 * microsecond precision, PostgreSQL's.
 */
abstract class DispatchJournalContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
  private static final AtomicInteger DISPATCHES = new AtomicInteger();

  /** @return the journal under test (the same one for every call within a test) */
  abstract DispatchJournal journal();

  static String newDispatchId(String hint) {
    return "alert-" + hint + "-" + DISPATCHES.incrementAndGet();
  }

  static AttemptMark mark(String recipient, String attempt, Mark mark, Instant at) {
    return new AttemptMark(recipient, attempt, Channel.SMS, "twilio-sms", mark, at);
  }

  @Test
  void readOfAnUnknownDispatchIsEmpty() {
    Recorded r = journal().read(newDispatchId("unknown"));

    assertThat(r.isEmpty()).isTrue();
    assertThat(r.marks()).isEmpty();
    assertThat(r.reports()).isEmpty();
  }

  @Test
  void marksReplaceEarlierMarksOfTheSameAttempt() {
    // given a request's two messages marked STARTED
    String d = newDispatchId("replace");
    journal().mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0), mark("bob", "att-2", Mark.STARTED, T0)));

    // when one of them is marked again (a later mark, another provider after failover)
    AttemptMark later = new AttemptMark("alice", "att-1", Channel.VOICE, "twilio-voice", Mark.NOT_SENT,
        T0.plusSeconds(5));
    journal().mark(d, List.of(later));

    // then each attempt reads its latest mark only
    assertThat(journal().read(d).marks()).containsExactlyInAnyOrder(later, mark("bob", "att-2", Mark.STARTED, T0));
  }

  @Test
  void startedThenNotSentThenStartedAgainReadsStarted() {
    // given a message marked STARTED, then NOT_SENT (refused), then STARTED again (the retry of that request)
    String d = newDispatchId("retry");
    journal().mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0)));
    journal().mark(d, List.of(mark("alice", "att-1", Mark.NOT_SENT, T0.plusSeconds(1))));
    journal().mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0.plusSeconds(2))));

    // when read, then the message may have been sent
    assertThat(journal().read(d).marks()).containsExactly(mark("alice", "att-1", Mark.STARTED, T0.plusSeconds(2)));
  }

  @Test
  void theLastMarkOfAnAttemptWithinOneCallWins() {
    String d = newDispatchId("same-call");

    journal().mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0), mark("alice", "att-1", Mark.NOT_SENT, T0)));

    assertThat(journal().read(d).marks()).containsExactly(mark("alice", "att-1", Mark.NOT_SENT, T0));
  }

  @Test
  void reportsUpsertByRecipient() {
    // given reports for alice and bob
    String d = newDispatchId("reports");
    journal().finish(d, Map.of("alice", "{\"outcome\":\"ACCEPTED\"}", "bob", "{\"outcome\":\"FAILED\"}"), T0);

    // when the dispatch is resumed and finishes again with a new report for bob and one for carol
    journal().finish(d, Map.of("bob", "{\"outcome\":\"ACCEPTED\"}", "carol", "{\"outcome\":\"NOT_SENT\"}"),
        T0.plusSeconds(60));

    // then every recipient reads its latest report
    assertThat(journal().read(d).reports()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "alice", "{\"outcome\":\"ACCEPTED\"}", "bob", "{\"outcome\":\"ACCEPTED\"}", "carol", "{\"outcome\":\"NOT_SENT\"}"));
  }

  @Test
  void marksAndReportsOfOneDispatchAreReadTogetherAndOnlyForIt() {
    String d = newDispatchId("both");
    String other = newDispatchId("other");
    journal().mark(d, List.of(mark("alice", "att-1", Mark.STARTED, T0)));
    journal().finish(d, Map.of("alice", "report"), T0.plusSeconds(1));
    journal().mark(other, List.of(mark("bob", "att-9", Mark.STARTED, T0)));
    journal().finish(other, Map.of("bob", "other report"), T0);

    Recorded r = journal().read(d);

    assertThat(r.marks()).containsExactly(mark("alice", "att-1", Mark.STARTED, T0));
    assertThat(r.reports()).containsExactlyEntriesOf(Map.of("alice", "report"));
    assertThat(r.isEmpty()).isFalse();
  }

  @Test
  void emptyCallsRecordNothing() {
    String d = newDispatchId("empty");

    journal().mark(d, List.of());
    journal().finish(d, Map.of(), T0);

    assertThat(journal().read(d).isEmpty()).isTrue();
  }

  @Test
  void awkwardTextIsReadBackUnchanged() {
    // given ids and reports with quotes, backslashes, array and JSON punctuation, "NULL", blanks and non-ASCII
    List<String> awkward = List.of("NULL", "null", "", " ", "{a,b}", "\"quoted\"", "back\\slash", "tab\tand\nnewline",
        "ünïcødé 🚨", "'single'", "a,b", "(x)", "\\N");
    String d = newDispatchId("awkward \"{,}\\ 🚨");
    List<AttemptMark> marks = new ArrayList<>();
    Map<String, String> reports = new LinkedHashMap<>();
    for (int i = 0; i < awkward.size(); i++) {
      String s = awkward.get(i);
      marks.add(new AttemptMark(s, "att-" + i + s, Channel.EMAIL, "provider " + s, Mark.STARTED, T0));
      reports.put(s, "{\"reason\":\"" + s + "\"} " + s);
    }

    journal().mark(d, marks);
    journal().finish(d, reports, T0);

    Recorded r = journal().read(d);
    assertThat(r.marks()).containsExactlyInAnyOrderElementsOf(marks);
    assertThat(r.reports()).containsExactlyInAnyOrderEntriesOf(reports);
  }

  @Test
  void tenThousandMarksAndTenThousandReportsInOneCallEach() {
    // given one call with 10,000 marks and one with 10,000 reports of 1,000 characters
    String d = newDispatchId("large");
    List<AttemptMark> marks = new ArrayList<>();
    Map<String, String> reports = new HashMap<>();
    String filler = "x".repeat(990);
    for (int i = 0; i < 10_000; i++) {
      marks.add(mark("r" + i, String.format("%032x", i), i % 2 == 0 ? Mark.STARTED : Mark.NOT_SENT, T0.plusMillis(i)));
      reports.put("r" + i, String.format("%010d", i) + filler);
    }

    // when written
    journal().mark(d, marks);
    journal().finish(d, reports, T0.plusSeconds(30));

    // then everything reads back
    Recorded r = journal().read(d);
    assertThat(r.marks()).hasSize(10_000).containsExactlyInAnyOrderElementsOf(marks);
    assertThat(r.reports()).hasSize(10_000).containsExactlyInAnyOrderEntriesOf(reports);
  }

  @Test
  void concurrentMarksFromEightThreadsOnOneDispatchLoseNothing() throws Exception {
    // given 8 threads, each marking 25 requests of 10 messages of its own plus 10 messages every thread marks (in a
    // shuffled order per call, so that concurrent calls meet the same rows in different orders)
    long seed = 20260301L;
    System.out.println("concurrentMarksFromEightThreadsOnOneDispatchLoseNothing seed " + seed);
    String d = newDispatchId("concurrent");
    int threads = 8;
    int calls = 25;
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      shared.add("shared-" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Random random = new Random(seed + t);
        done.add(pool.submit(() -> {
          go.await();
          for (int call = 0; call < calls; call++) {
            List<AttemptMark> marks = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
              marks.add(mark("t" + thread, "t" + thread + "-c" + call + "-m" + m, Mark.STARTED, T0));
            }
            for (String s : shared) {
              marks.add(mark("everyone", s, Mark.STARTED, T0));
            }
            Collections.shuffle(marks, random);
            journal().mark(d, marks);
          }
          return null;
        }));
      }

      // when they run at once
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // then every message's mark is there, with its own recipient
    List<AttemptMark> read = journal().read(d).marks();
    assertThat(read).hasSize(threads * calls * 10 + shared.size());
    assertThat(read).allSatisfy(m -> assertThat(m.attemptId()).startsWith(
        m.recipientId().equals("everyone") ? "shared-" : m.recipientId() + "-"));
  }

  /** @return a time {@code days} days after {@link #T0} */
  static Instant day(int days) {
    return T0.plus(Duration.ofDays(days));
  }
}
