package dev.alertkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.alertkit.AlertClient;
import dev.alertkit.AlertListener;
import dev.alertkit.Channel;
import dev.alertkit.DeliveryEvent;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.testkit.FakeProvider;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private WebhookReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
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
    Objects.requireNonNull(address, "address");
    HttpServer server = HttpServer.create(address, 64);
    for (Map.Entry<String, WebhookHandler> r : routes.entrySet()) {
      WebhookHandler h = Objects.requireNonNull(r.getValue(), "handler");
      server.createContext(r.getKey(), exchange -> serve(exchange, h, r.getKey()));
    }
    ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
      Thread t = new Thread(runnable, "webhook-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new WebhookReceiver(server, executor);
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
  }

  /** Adapts one exchange: the handler sees the URL as this server saw it; the handlers know the public base URL. */
  private static void serve(HttpExchange exchange, WebhookHandler handler, String context) throws IOException {
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
          response = handler.handle(request);
        }
      }
    } catch (IOException | RuntimeException e) {
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
   * Runs a receiver until interrupted (Ctrl-C). The demo client here sends through a fake; in your application
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

    AlertClient client = AlertClient.builder()
        .provider(FakeProvider.of("twilio-sms", Channel.SMS))
        .listener(ev -> {
            if (ev instanceof dev.alertkit.event.DeliveryUpdated) {
              DeliveryEvent e = ((dev.alertkit.event.DeliveryUpdated) ev).delivery();
              System.out.printf("%s %s %s -> %s (%s)%s%n", e.provider(), e.providerMessageId(),
                  e.isCorrelated() ? "alert " + e.alertId().orElseThrow() + " recipient " + e.recipientId().orElse("?") : "(uncorrelated)",
                  e.status(), e.rawStatus(), e.errorCode().map(c -> " error " + c).orElse(""));
            }
          })
        .build();

    Map<String, WebhookHandler> routes = new LinkedHashMap<>();
    if (twilioToken != null && !twilioToken.isBlank()) {
      TwilioWebhooks twilio = TwilioWebhooks.builder().authToken(twilioToken).publicBaseUrl(publicBaseUrl)
          .tracker(client.deliveryTracker()).build();
      routes.put(TwilioWebhooks.MESSAGE_STATUS_PATH, twilio.statusCallbacks());
      routes.put(TwilioWebhooks.CALL_STATUS_PATH, twilio.statusCallbacks());
      routes.put(TwilioWebhooks.GATHER_PATH, twilio.gatherAction());
    }
    if (sendgridKey != null && !sendgridKey.isBlank()) {
      routes.put(SendGridWebhooks.EVENTS_PATH, SendGridWebhooks.builder().verificationKey(sendgridKey)
          .tracker(client.deliveryTracker()).build().eventWebhook());
    }
    if (routes.isEmpty()) {
      System.err.println("Set TWILIO_AUTH_TOKEN and/or SENDGRID_WEBHOOK_VERIFICATION_KEY to receive webhooks.");
      client.close();
      return;
    }
    try (client; WebhookReceiver receiver = start(new InetSocketAddress(port), routes, 4)) {
      for (String path : routes.keySet()) {
        System.out.println("listening on :" + receiver.port() + path + "  (public: " + publicBaseUrl + path + ")");
      }
      new CountDownLatch(1).await();
    }
  }
}
