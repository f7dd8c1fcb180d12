package dev.alertkit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.Recipient;
import dev.alertkit.Resilience;
import dev.alertkit.Severity;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The instance that gets killed in {@link SubmissionProcessCrashTest}: submits a burst of durable alerts (one recipient
 * each, SMS over loopback HTTP), says "SUBMITTED id" once each {@code submit} returned, and runs until killed.
 */
public final class SubmissionCrashChild {
  private SubmissionCrashChild() {}

  /**
   * Runs.
   *
   * @param args JDBC URL, table prefix, HTTP port, number of alerts
   * @throws Exception never in practice: the process is killed
   */
  public static void main(String[] args) throws Exception {
    HikariDataSource pool = Pg.poolOnUrl(args[0], "submission-child", 12);
    JdbcStores stores = JdbcStores.builder(pool).tablePrefix(args[1]).build();
    JdbcTimerService timers = stores.timerService().schedulerName("child").threads(8).pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(100)).missedHeartbeatsLimit(4).build();
    AlertClient client = AlertClient.builder().resilience(Resilience.none()).provider(new LoopbackSmsProvider(Integer.parseInt(args[2])))
        .timers(timers).dispatchJournal(stores.dispatchJournal()).build();
    int n = Integer.parseInt(args[3]);
    for (int i = 0; i < n; i++) {
      client.submit(SubmissionProcessCrashTest.alert(i));
      System.out.println("SUBMITTED " + i);
      System.out.flush();
    }
    new CountDownLatch(1).await();
  }
}
