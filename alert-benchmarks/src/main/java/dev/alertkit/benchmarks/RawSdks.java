package dev.alertkit.benchmarks;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The anchors: the raw SDKs with their defaults, as an application without alertkit would call them, pointed at the
 * stub. Twilio: one {@link TwilioRestClient} over the SDK's own {@link NetworkHttpClient} (default pool: 20 per
 * route, 100 total; hidden retries left as they are, never triggered by a 201), with the URL rewritten to the stub.
 * SendGrid: {@code new SendGrid(key, true)} (plain http, the SDK's default client: 2 connections per route) and
 * {@code setHost}.
 */
public final class RawSdks {
  /** The account the stub answers for. */
  public static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
  /** The sender number. */
  public static final String FROM = "+15005550006";
  /** The SMS text both sides send. */
  public static final String SMS_TEXT = "[CRITICAL] db-1 disk 97% full: db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk";

  private RawSdks() {}

  /**
   * A Twilio client with SDK defaults that talks to the stub.
   *
   * @param baseUrl {@code http://127.0.0.1:PORT}
   * @return the client
   */
  public static TwilioRestClient twilio(String baseUrl) {
    return new TwilioRestClient.Builder(ACCOUNT_SID, "stub-auth-token").httpClient(new Loopback(baseUrl)).build();
  }

  /**
   * A Twilio client whose HTTP pool has {@code poolSize} connections (total and per route), like alertkit's Twilio
   * module, for comparisons with the same pool.
   *
   * @param baseUrl {@code http://127.0.0.1:PORT}
   * @param poolSize connections
   * @return the client
   */
  public static TwilioRestClient twilio(String baseUrl, int poolSize) {
    org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager pool =
        new org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager();
    pool.setMaxTotal(poolSize);
    pool.setDefaultMaxPerRoute(poolSize);
    org.apache.hc.client5.http.impl.classic.HttpClientBuilder b =
        org.apache.hc.client5.http.impl.classic.HttpClientBuilder.create().setConnectionManager(pool).disableAutomaticRetries();
    return new TwilioRestClient.Builder(ACCOUNT_SID, "stub-auth-token").httpClient(new Loopback(baseUrl, b)).build();
  }

  /**
   * One raw {@code Message.creator(...).create(client)}.
   *
   * @param client the client
   * @param to the destination, E.164
   * @return the message SID
   */
  public static String sendSms(TwilioRestClient client, String to) {
    return Message.creator(new PhoneNumber(to), new PhoneNumber(FROM), SMS_TEXT).create(client).getSid();
  }

  /**
   * A SendGrid client with SDK defaults that talks to the stub.
   *
   * @param port the stub's port on 127.0.0.1
   * @return the client
   */
  public static SendGrid sendgrid(int port) {
    SendGrid sg = new SendGrid("SG.stub-api-key", true);
    sg.setHost("127.0.0.1:" + port);
    return sg;
  }

  /**
   * One raw mail/send with one personalization per address (built and serialized per call, as an application would).
   *
   * @param sg the client
   * @param to the addresses
   * @return the X-Message-Id
   */
  public static String sendEmail(SendGrid sg, List<String> to) {
    Mail mail = new Mail();
    mail.setFrom(new Email("alerts@example.com", "Alerts"));
    mail.setSubject("[CRITICAL] db-1 disk 97% full");
    mail.addContent(new Content("text/plain", "db-1 /var is at 97%. Runbook: https://runbooks.example.com/disk"));
    for (String address : to) {
      Personalization p = new Personalization();
      p.addTo(new Email(address));
      mail.addPersonalization(p);
    }
    mail.addCustomArg("alert_id", "a-1");
    Request r = new Request();
    r.setMethod(Method.POST);
    r.setEndpoint("mail/send");
    try {
      r.setBody(mail.build());
      Response response = sg.api(r);
      if (response.getStatusCode() != 202) {
        throw new IllegalStateException("stub answered " + response.getStatusCode());
      }
      Map<String, String> headers = response.getHeaders();
      return headers.get("X-Message-Id");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SDK's default HTTP client, with {@code https://api.twilio.com} rewritten to the stub. */
  static final class Loopback extends NetworkHttpClient {
    private final String baseUrl;

    Loopback(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    Loopback(String baseUrl, org.apache.hc.client5.http.impl.classic.HttpClientBuilder builder) {
      super(builder);
      this.baseUrl = baseUrl;
    }

    @Override
    public com.twilio.http.Response makeRequest(com.twilio.http.Request request) {
      URI u = URI.create(request.constructURL().toString());
      com.twilio.http.Request copy = new com.twilio.http.Request(request.getMethod(), baseUrl + u.getRawPath());
      if (request.getAuthStrategy() != null) {
        copy.setAuth(request.getAuthStrategy());
      } else if (request.getUsername() != null) {
        copy.setAuth(request.getUsername(), request.getPassword());
      }
      request.getQueryParams().forEach((k, vs) -> vs.forEach(v -> copy.addQueryParam(k, v)));
      request.getPostParams().forEach((k, vs) -> vs.forEach(v -> copy.addPostParam(k, v)));
      request.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> copy.addHeaderParam(k, v)));
      if (request.getContentType() != null) {
        copy.setContentType(request.getContentType());
      }
      if (request.getBody() != null) {
        copy.setBody(request.getBody());
      }
      copy.setUserAgentExtensions(request.getUserAgentExtensions());
      return super.makeRequest(copy);
    }
  }
}
