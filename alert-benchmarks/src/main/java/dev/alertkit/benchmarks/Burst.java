package dev.alertkit.benchmarks;

import com.sendgrid.SendGrid;
import com.twilio.http.TwilioRestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Plain timed bursts (not JMH): the wall-clock time from the first submit to the last outcome, against the stub
 * answering after a fixed delay.
 */
public final class Burst {
  private Burst() {}

  /**
   * The outcome of one timed burst.
   *
   * @param seconds wall-clock seconds from first submit to last outcome
   * @param ok operations that succeeded
   * @param failed operations that failed
   * @param requests HTTP requests the stub received
   */
  public record Timing(double seconds, int ok, int failed, int requests) {}

  /**
   * Times {@code n} raw operations run by {@code threads} caller threads (the raw-SDK anchor shape: a thread per
   * in-flight call).
   *
   * @param n operations
   * @param threads caller threads
   * @param op the operation, given its index; throws on failure
   * @param requests reads the stub's request counter
   * @return the timing
   */
  public static Timing callerThreads(int n, int threads, IntFunction<?> op, Supplier<Integer> requests) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // start the threads before the clock
      List<CompletableFuture<?>> warm = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        warm.add(CompletableFuture.runAsync(() -> { }, pool));
      }
      CompletableFuture.allOf(warm.toArray(new CompletableFuture<?>[0])).join();
      int before = requests.get();
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      List<CompletableFuture<?>> all = new ArrayList<>(n);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int k = i;
        all.add(CompletableFuture.runAsync(() -> {
          try {
            op.apply(k);
            ok.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
      long t1 = System.nanoTime();
      return new Timing((t1 - t0) / 1e9, ok.get(), failed.get(), requests.get() - before);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Raw Twilio: {@code n} creates from {@code threads} caller threads, SDK defaults.
   *
   * @param stub the stub
   * @param client the raw client
   * @param n sends
   * @param threads caller threads
   * @return the timing
   */
  public static Timing rawTwilio(StubServer stub, TwilioRestClient client, int n, int threads) {
    return callerThreads(n, threads, i -> RawSdks.sendSms(client, "+1415555" + String.format("%04d", i % 10_000)), stub::twilioRequests);
  }

  /**
   * Raw SendGrid: {@code n} single-recipient mail/sends from {@code threads} caller threads, SDK defaults.
   *
   * @param stub the stub
   * @param sg the raw client
   * @param n sends
   * @param threads caller threads
   * @return the timing
   */
  public static Timing rawSendGridPerRecipient(StubServer stub, SendGrid sg, int n, int threads) {
    return callerThreads(n, threads, i -> RawSdks.sendEmail(sg, List.of("user" + i + "@example.com")), stub::sendgridRequests);
  }

  /**
   * Raw SendGrid done by hand the efficient way: one mail/send with one personalization per recipient (≤ 1,000).
   *
   * @param stub the stub
   * @param sg the raw client
   * @param recipients recipients
   * @return the timing
   */
  public static Timing rawSendGridOneRequest(StubServer stub, SendGrid sg, int recipients) {
    List<String> to = new ArrayList<>(recipients);
    for (int i = 0; i < recipients; i++) {
      to.add("user" + i + "@example.com");
    }
    int before = stub.sendgridRequests();
    long t0 = System.nanoTime();
    RawSdks.sendEmail(sg, to);
    long t1 = System.nanoTime();
    return new Timing((t1 - t0) / 1e9, 1, 0, stub.sendgridRequests() - before);
  }

  /**
   * Times an asynchronous operation: everything is submitted from the calling thread, then awaited.
   *
   * @param requests reads the stub's request counter
   * @param submit submits all work and returns a future for the last outcome, giving back (ok, failed)
   * @return the timing
   */
  public static Timing async(Supplier<Integer> requests, Supplier<CompletableFuture<int[]>> submit) {
    int before = requests.get();
    long t0 = System.nanoTime();
    int[] r = submit.get().join();
    long t1 = System.nanoTime();
    return new Timing((t1 - t0) / 1e9, r[0], r[1], requests.get() - before);
  }

  /**
   * Sleeps briefly between runs so that the previous run's connections and timers settle.
   */
  static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
