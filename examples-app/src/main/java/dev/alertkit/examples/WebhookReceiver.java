package dev.alertkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.alertkit.AlertClient;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.event.DeliveryUpdated;
import dev.alertkit.DeliveryTracker;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runnable webhook receiver on the JDK's own {@link HttpServer} (no framework): Twilio status callbacks at
 * {@value TwilioWebhooks#MESSAGE_STATUS_PATH} and {@value TwilioWebhooks#CALL_STATUS_PATH}, the press-1 Gather action
 * at {@value TwilioWebhooks#GATHER_PATH}, and the
 * SendGrid event webhook at {@value SendGridWebhooks#EVENTS_PATH}, all feeding a client's
 * {@link dev.alertkit.DeliveryTracker}. These are the paths the Twilio providers put into their callback URLs
 * ({@code TwilioConfig.statusCallbackBaseUrl} + path). In your application, mount the same handlers next to the {@link AlertClient}
 * that sends, so that the tracker knows the attempts.
 *
 * <p>Configuration (environment): {@code PORT} (default 8080), {@code ALERTKIT_PUBLIC_BASE_URL} (the https URL
 * Twilio and SendGrid call, e.g. your tunnel's), {@code TWILIO_AUTH_TOKEN}, {@code SENDGRID_WEBHOOK_VERIFICATION_KEY}.
 * Run it with {@code java -Dsun.net.httpserver.nodelay=true ...} (without it the JDK server's responses stall ~40 ms
 * on delayed ACKs), e.g.
 * {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.alertkit.examples.WebhookReceiver -Dsun.net.httpserver.nodelay=true}.
 *
 * <p><b>Slow clients.</b> The JDK server reads a request's headers and our handler reads its body on a worker thread,
 * with no read timeout of its own: a few clients that send half a request and then wait (slowloris) would hold every
 * worker forever. This receiver therefore bounds the work: at most {@code threads} requests are served at once and
 * at most {@code 4 × threads} wait for a worker (more are refused by closing the connection), and each request must
 * arrive completely, headers and body, within the request timeout (default {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS}
 * s), and its answer must be written within the same time, or its connection is closed. Connections that send
 * nothing hold no worker; the JDK closes idle keep-alive connections itself. In production, prefer putting a reverse
 * proxy or a server with per-read timeouts in front (Jetty, Netty, your framework's).
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** How long a request may take to arrive (and its answer to be written) by default, in seconds. */
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService deadlines;
  private final Duration requestTimeout;
  /** The deadline of the request the current worker thread serves. */
  private final ThreadLocal<Deadline> current = new ThreadLocal<>();

  private WebhookReceiver(HttpServer server, ThreadPoolExecutor executor, ScheduledExecutorService deadlines, Duration requestTimeout) {
    this.server = server;
    this.executor = executor;
    this.deadlines = deadlines;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Closes a worker's connection when its request takes too long: interrupting a thread blocked in a read or write
   * on the (blocking, interruptible) socket channel closes the channel, and the JDK server drops the connection.
   */
  private static final class Deadline {
    private final Thread worker;
    private boolean done;
    private boolean fired;
    private ScheduledFuture<?> timer;
    private long generation;

    Deadline(Thread worker) {
      this.worker = worker;
    }

    synchronized void arm(ScheduledExecutorService deadlines, Duration timeout) {
      cancelTimer();
      if (!done) {
        long armed = ++generation;
        timer = deadlines.schedule(() -> fire(armed), timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    synchronized void pause() {
      cancelTimer();
    }

    private synchronized void fire(long armed) {
      if (!done && timer != null && armed == generation) {
        fired = true;
        worker.interrupt();
      }
    }

    /** Ends the deadline; afterwards no interrupt can reach the worker, and one that did is cleared. */
    void finish() {
      synchronized (this) {
        done = true;
        cancelTimer();
      }
      Thread.interrupted();
    }

    synchronized boolean fired() {
      return fired;
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }

  /**
   * Starts a receiver serving each handler at its path.
   *
   * @param address where to listen, e.g. {@code new InetSocketAddress(8080)}; port 0 picks a free port
   * @param routes path to handler, e.g. {@code TwilioWebhooks.MESSAGE_STATUS_PATH -> twilio.statusCallbacks()}
   * @param threads how many requests are handled at once
   * @return the running receiver; close it to stop
   * @throws IOException when the port cannot be bound
   * @throws NullPointerException when an argument is null
   */
  public static WebhookReceiver start(InetSocketAddress address, Map<String, WebhookHandler> routes, int threads) throws IOException {
    return start(address, routes, threads, Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS));
  }

  /**
   * Starts a receiver serving each handler at its path, with a request timeout.
   *
   * @param address where to listen, e.g. {@code new InetSocketAddress(8080)}; port 0 picks a free port
   * @param routes path to handler
   * @param threads how many requests are served at once (1 to 1,000); up to four times as many wait for a worker
   * @param requestTimeout how long a request may take to arrive completely, and its answer to be written
   * @return the running receiver; close it to stop
   * @throws IOException when the port cannot be bound
   * @throws IllegalArgumentException when threads or the timeout is out of range
   * @throws NullPointerException when an argument is null
   */
  public static WebhookReceiver start(InetSocketAddress address, Map<String, WebhookHandler> routes, int threads,
      Duration requestTimeout) throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (threads < 1 || threads > 1000) {
      throw new IllegalArgumentException("threads must be 1..1000 (was " + threads + ")");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive (was " + requestTimeout + ")");
    }
    HttpServer server = HttpServer.create(address, 64);
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(4 * threads), runnable -> {
          Thread t = new Thread(runnable, "webhook-receiver");
          t.setDaemon(true);
          return t;
        }); // a full queue rejects, and the JDK server then closes that connection
    ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread t = new Thread(runnable, "webhook-receiver-deadlines");
      t.setDaemon(true);
      return t;
    });
    deadlines.setRemoveOnCancelPolicy(true);
    WebhookReceiver receiver = new WebhookReceiver(server, executor, deadlines, requestTimeout);
    for (Map.Entry<String, WebhookHandler> r : routes.entrySet()) {
      WebhookHandler h = Objects.requireNonNull(r.getValue(), "handler");
      server.createContext(r.getKey(), exchange -> receiver.serve(exchange, h, r.getKey()));
    }
    server.setExecutor(receiver::execute);
    server.start();
    return receiver;
  }

  /** Runs one connection's work (the JDK reads the request line and headers in it) under the request deadline. */
  private void execute(Runnable exchange) {
    executor.execute(() -> {
      Deadline deadline = new Deadline(Thread.currentThread());
      current.set(deadline);
      deadline.arm(deadlines, requestTimeout);
      try {
        exchange.run();
      } finally {
        deadline.finish();
        current.remove();
        if (deadline.fired()) {
          LOG.info("webhook request took longer than {} to arrive or to be answered; connection closed", requestTimeout);
        }
      }
    });
  }

  /** @return how many requests are being served right now (for monitoring and tests) */
  public int activeRequests() {
    return executor.getActiveCount();
  }

  /** @return the port the receiver listens on */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening and releases the threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    deadlines.shutdownNow();
  }

  /** Adapts one exchange: the handler sees the URL as this server saw it; the handlers know the public base URL. */
  private void serve(HttpExchange exchange, WebhookHandler handler, String context) throws IOException {
    Deadline deadline = current.get();
    WebhookResponse response;
    try {
      if (!exchange.getRequestURI().getRawPath().equals(context)) {
        response = WebhookResponse.text(404, "not found");
      } else {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > handler.maxBodyBytes()) {
          response = WebhookResponse.payloadTooLarge();
        } else {
          String host = exchange.getRequestHeaders().getFirst("Host");
          String local = "http://" + (host != null && !host.isBlank() ? host : "localhost:" + exchange.getLocalAddress().getPort());
          WebhookRequest request = WebhookRequest.builder()
              .method(exchange.getRequestMethod())
              .url(Webhooks.publicUrl(local, exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
              .headers(exchange.getRequestHeaders())
              .body(Webhooks.readAtMost(exchange.getRequestBody(), handler.maxBodyBytes()))
              .build();
          // The request has arrived: the handler (tracker, store) runs without the deadline, never interrupted.
          if (deadline != null) {
            deadline.pause();
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new IOException("request deadline passed");
          }
          response = handler.handle(request);
          if (deadline != null) {
            deadline.arm(deadlines, requestTimeout);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (deadline != null && deadline.fired()) {
        throw new IOException("request deadline passed", e); // the connection is closed already; nothing to answer
      }
      LOG.warn("webhook {} could not be read: {}", context, e.getClass().getName());
      response = WebhookResponse.badRequest("unreadable request");
    }
    byte[] body = response.body();
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Runs a receiver until interrupted (Ctrl-C). Stand-alone it feeds a tracker of its own; in your application
   * use your real client's tracker.
   *
   * @param args ignored; configuration comes from the environment
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    String publicBaseUrl = System.getenv().getOrDefault("ALERTKIT_PUBLIC_BASE_URL", "http://localhost:" + port);
    String twilioToken = System.getenv("TWILIO_AUTH_TOKEN");
    String sendgridKey = System.getenv("SENDGRID_WEBHOOK_VERIFICATION_KEY");

    // Stand-alone, this receiver has no client that sends, so it feeds a tracker of its own and prints what it
    // hears; in your application use client.deliveryTracker() of the AlertClient that sends.
    DeliveryTracker tracker = DeliveryTracker.builder()
        .listener(ev -> {
          if (ev instanceof DeliveryUpdated u) {
            DeliveryEvent e = u.delivery();
            System.out.printf("%s %s %s -> %s (%s)%s%n", e.provider(), e.providerMessageId(),
                e.isCorrelated() ? "alert " + e.alertId().orElseThrow() + " recipient " + e.recipientId().orElse("?") : "(uncorrelated)",
                e.status(), e.rawStatus(), e.errorCode().map(c -> " error " + c).orElse(""));
          }
        })
        .build();

    Map<String, WebhookHandler> routes = new LinkedHashMap<>();
    if (twilioToken != null && !twilioToken.isBlank()) {
      TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(twilioToken).publicBaseUrl(publicBaseUrl)
          .tracker(tracker).build();
      routes.put(TwilioWebhooks.MESSAGE_STATUS_PATH, twilio.statusCallbacks());
      routes.put(TwilioWebhooks.CALL_STATUS_PATH, twilio.statusCallbacks());
      routes.put(TwilioWebhooks.GATHER_PATH, twilio.gatherAction());
    }
    if (sendgridKey != null && !sendgridKey.isBlank()) {
      routes.put(SendGridWebhooks.EVENTS_PATH, SendGridWebhooks.builder().verificationKey(sendgridKey)
          .tracker(tracker).build().eventWebhook());
    }
    if (routes.isEmpty()) {
      System.err.println("Set TWILIO_AUTH_TOKEN and/or SENDGRID_WEBHOOK_VERIFICATION_KEY to receive webhooks.");
      return;
    }
    try (WebhookReceiver receiver = start(new InetSocketAddress(port), routes, 16)) {
      for (String path : routes.keySet()) {
        System.out.println("listening on :" + receiver.port() + path + "  (public: " + publicBaseUrl + path + ")");
      }
      new CountDownLatch(1).await();
    }
  }
}
