package dev.alertkit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.spi.TimerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The instance that gets killed in {@link JdbcTimerServiceProcessCrashTest}: schedules a timer, runs its handler, says
 * so on stdout, and blocks until the parent kills the process with {@code destroyForcibly}.
 */
public final class TimerCrashChild {
  private TimerCrashChild() {}

  /**
   * Runs.
   *
   * @param args JDBC URL, table prefix
   * @throws Exception never in practice: the process is killed
   */
  public static void main(String[] args) throws Exception {
    HikariDataSource pool = Pg.poolOnUrl(args[0], "crash-child", 4);
    JdbcStores stores = JdbcStores.builder(pool).tablePrefix(args[1]).build();
    JdbcTimerService timers = stores.timerService().schedulerName("child").pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).build();
    CountDownLatch never = new CountDownLatch(1);
    timers.register("escalation-step", t -> {
      System.out.println("STARTED " + t.key());
      System.out.flush();
      never.await();
    });
    timers.start();
    timers.schedule(new TimerEntry("escalation-step", "incident-1/step-2", Instant.now(), "page secondary"));
    never.await();
  }
}
