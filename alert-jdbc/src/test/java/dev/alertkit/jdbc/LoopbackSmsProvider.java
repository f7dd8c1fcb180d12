package dev.alertkit.jdbc;

import dev.alertkit.Channel;
import dev.alertkit.Failure;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An SMS provider that posts each message over real HTTP to a server on 127.0.0.1 (the parent of a crash test counts
 * what it received): 200 is accepted, anything else or no answer is ambiguous.
 */
final class LoopbackSmsProvider implements ChannelProvider {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;

  LoopbackSmsProvider(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/sms");
  }

  @Override
  public String name() {
    return "loopback-sms";
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.SMS);
  }

  @Override
  public int maxConcurrency() {
    return 32;
  }

  @Override
  public SendResult send(OutboundMessage m) {
    String body = "to=" + URLEncoder.encode(m.to(), StandardCharsets.UTF_8) + "&attempt=" + m.attemptId() + "&alert="
        + URLEncoder.encode(m.alert().id(), StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return new SendResult.Accepted(Optional.of("SM" + m.attemptId()), Optional.of("queued"), Map.of());
      }
      return new SendResult.Rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "HTTP " + r.statusCode()).build());
    } catch (IOException e) {
      return new SendResult.Rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "no answer: " + e).build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Rejected(Failure.ambiguous(Failure.Fault.PROVIDER, "interrupted").build());
    }
  }
}
