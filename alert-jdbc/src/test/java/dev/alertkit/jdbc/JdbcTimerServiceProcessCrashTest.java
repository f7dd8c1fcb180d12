package dev.alertkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.spi.TimerEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A process-level crash: the JVM running a timer's handler is killed; another instance runs the timer, once. */
class JdbcTimerServiceProcessCrashTest {

  @Test
  void timerWhoseProcessWasKilledMidHandlerRunsOnAnotherInstanceOnce() throws Exception {
    // given a child JVM that picked a timer and is inside its handler
    String db = Pg.newDatabase("process_crash");
    String url = Pg.server().getJdbcUrl("postgres", db);
    JdbcStores.builder(Pg.plain(db)).tablePrefix("pc_").build().migrate();
    ChildJvm child = ChildJvm.start(TimerCrashChild.class, url, "pc_");
    try {
      String started = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (started == null && System.nanoTime() < deadline) {
        String line = child.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith("STARTED ")) {
          started = line;
        }
      }
      assertThat(started).as("child output").isEqualTo("STARTED incident-1/step-2");

      // when the child JVM is killed (no shutdown, no close)
      child.kill();

      // then another instance revives the dead execution and runs it exactly once
      List<TimerEntry> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      try (HikariDataSource pool = Pg.pool(db, "crash-survivor", 4);
          JdbcTimerService survivor = JdbcStores.builder(pool).tablePrefix("pc_").build().timerService()
              .schedulerName("survivor").pollingInterval(Duration.ofMillis(50)).heartbeatInterval(Duration.ofMillis(100))
              .missedHeartbeatsLimit(4).shutdownMaxWait(Duration.ofMillis(500)).build()) {
        survivor.register("escalation-step", t -> {
          ran.add(t);
          done.countDown();
        });
        survivor.start();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        long rowDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rows(db) > 0 && System.nanoTime() < rowDeadline) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(rows(db)).isZero();
      }
      assertThat(ran).singleElement().satisfies(t -> assertThat(t.payload()).isEqualTo("page secondary"));
    } finally {
      child.close();
    }
  }

  private static int rows(String db) throws Exception {
    try (Connection c = Pg.plain(db).getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pc_scheduled_tasks")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
