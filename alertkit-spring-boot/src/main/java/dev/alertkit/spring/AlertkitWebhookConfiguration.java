package dev.alertkit.spring;

import dev.alertkit.DeliveryTracker;
import dev.alertkit.sendgrid.SendGridWebhooks;
import dev.alertkit.AlertClient;
import dev.alertkit.incident.AckLinkPages;
import dev.alertkit.incident.AckLinks;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioInboundWebhooks;
import dev.alertkit.twilio.TwilioWebhooks;
import dev.alertkit.webhook.WebhookHandler;
import dev.alertkit.webhook.WebhookRequest;
import dev.alertkit.webhook.WebhookResponse;
import dev.alertkit.webhook.Webhooks;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Mounts alertkit's webhook endpoints in a Spring MVC application, at the paths alertkit's providers already give
 * Twilio and SendGrid ({@value TwilioWebhooks#MESSAGE_STATUS_PATH}, {@value TwilioWebhooks#CALL_STATUS_PATH},
 * {@value TwilioWebhooks#GATHER_PATH}, {@value TwilioInboundWebhooks#INBOUND_PATH} for replies,
 * {@value SendGridWebhooks#EVENTS_PATH}). Every request is verified before it is
 * believed, against {@code alertkit.webhooks.public-base-url} + the path within the application + the query: the
 * URL the provider signed. {@code X-Forwarded-*} headers are never read here; without a public base URL the request
 * URL as Spring sees it is used (which honours forwarded headers only when you enable
 * {@code server.forward-headers-strategy}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBooleanProperty(name = "alertkit.webhooks.enabled", matchIfMissing = true)
class AlertkitWebhookConfiguration {

  @Bean
  @ConditionalOnMissingBean
  WebhookActivity alertkitWebhookActivity(ObjectProvider<Clock> clock) {
    return new WebhookActivity(clock.getIfAvailable(Clock::systemUTC));
  }

  /** Twilio's webhooks, when an auth token is known (API-key setups still need it: Twilio signs with it). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(TwilioWebhooks.class)
  static class Twilio {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TwilioConfig.class)
    @ConditionalOnAnyValue({"alertkit.twilio.auth-token", TwilioConfig.ENV_AUTH_TOKEN})
    TwilioWebhooks alertkitTwilioWebhooks(AlertkitProperties properties, Environment env, DeliveryTracker tracker,
        ObjectProvider<Clock> clock) {
      return Properties.building("alertkit.twilio", () -> TwilioWebhooks.builder()
          .authToken(Properties.firstOf(properties.getTwilio().getAuthToken(), env, TwilioConfig.ENV_AUTH_TOKEN))
          .tracker(tracker).clock(clock.getIfAvailable(Clock::systemUTC))
          .maxBodyBytes(properties.getWebhooks().getTwilioMaxBodyBytes()).build());
    }

    /** Replies to alert SMS and WhatsApp messages (incident acknowledgement codes, STOP/START/HELP). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TwilioConfig.class)
    @ConditionalOnAnyValue({"alertkit.twilio.auth-token", TwilioConfig.ENV_AUTH_TOKEN})
    TwilioInboundWebhooks alertkitTwilioInboundWebhooks(AlertkitProperties properties, Environment env, AlertClient client) {
      return Properties.building("alertkit.twilio", () -> TwilioInboundWebhooks.builder()
          .authToken(Properties.firstOf(properties.getTwilio().getAuthToken(), env, TwilioConfig.ENV_AUTH_TOKEN))
          .incidents(client.incidents()).maxBodyBytes(properties.getWebhooks().getTwilioMaxBodyBytes()).build());
    }
  }

  /** SendGrid's signed event webhook, when a verification key is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SendGridWebhooks.class)
  static class SendGrid {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "alertkit.sendgrid", name = "webhook-verification-key")
    SendGridWebhooks alertkitSendGridWebhooks(AlertkitProperties properties, DeliveryTracker tracker, ObjectProvider<Clock> clock) {
      return Properties.building("alertkit.sendgrid", () -> SendGridWebhooks.builder()
          .verificationKey(properties.getSendgrid().getWebhookVerificationKey())
          .tracker(tracker).clock(clock.getIfAvailable(Clock::systemUTC))
          .maxBodyBytes(properties.getWebhooks().getSendgridMaxBodyBytes()).build());
    }
  }

  @Bean
  @ConditionalOnMissingBean(name = "alertkitWebhookRoutes")
  RouterFunction<ServerResponse> alertkitWebhookRoutes(AlertkitProperties properties, ObjectProvider<TwilioWebhooks> twilio,
      ObjectProvider<TwilioInboundWebhooks> twilioInbound, ObjectProvider<SendGridWebhooks> sendgrid, WebhookActivity activity,
      ObjectProvider<AckLinks> ackLinks, ObjectProvider<AlertClient> client) {
    String publicBase = properties.getWebhooks().getPublicBaseUrl() == null ? null
        : Properties.building("alertkit.webhooks", () -> Webhooks.checkPublicBaseUrl("publicBaseUrl", properties.getWebhooks().getPublicBaseUrl()));
    Endpoint endpoint = new Endpoint(publicBase, activity);
    RouterFunctions.Builder routes = RouterFunctions.route();
    boolean any = false;
    TwilioWebhooks t = twilio.getIfAvailable();
    if (t != null) {
      WebhookHandler status = t.statusCallbacks();
      WebhookHandler gather = t.gatherAction();
      routes.POST(TwilioWebhooks.MESSAGE_STATUS_PATH, r -> endpoint.handle("twilio", status, r));
      routes.POST(TwilioWebhooks.CALL_STATUS_PATH, r -> endpoint.handle("twilio", status, r));
      routes.POST(TwilioWebhooks.GATHER_PATH, r -> endpoint.handle("twilio", gather, r));
      any = true;
    }
    TwilioInboundWebhooks inbound = twilioInbound.getIfAvailable();
    if (inbound != null) {
      WebhookHandler replies = inbound.messages();
      routes.POST(TwilioInboundWebhooks.INBOUND_PATH, r -> endpoint.handle("twilio", replies, r));
      any = true;
    }
    AckLinks links = ackLinks.getIfAvailable();
    AlertClient alerts = client.getIfAvailable();
    if (links != null && alerts != null && alerts.incidents().links().isPresent()) {
      WebhookHandler pages = AckLinkPages.of(alerts);
      routes.GET(links.path(), r -> endpoint.handle("ack-links", pages, r));
      routes.POST(links.path(), r -> endpoint.handle("ack-links", pages, r));
      any = true;
    }
    SendGridWebhooks s = sendgrid.getIfAvailable();
    if (s != null) {
      WebhookHandler events = s.eventWebhook();
      routes.POST(SendGridWebhooks.EVENTS_PATH, r -> endpoint.handle("sendgrid", events, r));
      any = true;
    }
    if (!any) {
      // RouterFunctions need at least one route; this one never matches a real request.
      routes.route(r -> false, r -> ServerResponse.notFound().build());
    }
    return routes.build();
  }

  /** Turns a servlet request into alertkit's {@link WebhookRequest} and the handler's answer into a response. */
  static final class Endpoint {
    private final String publicBase;
    private final WebhookActivity activity;

    Endpoint(String publicBase, WebhookActivity activity) {
      this.publicBase = publicBase;
      this.activity = activity;
    }

    ServerResponse handle(String provider, WebhookHandler handler, ServerRequest request) throws IOException {
      HttpServletRequest http = request.servletRequest();
      WebhookResponse answer;
      if (http.getContentLengthLong() > handler.maxBodyBytes()) {
        answer = WebhookResponse.payloadTooLarge();
      } else {
        byte[] body = Webhooks.readAtMost(http.getInputStream(), handler.maxBodyBytes());
        answer = handler.handle(WebhookRequest.builder().method(http.getMethod()).url(signedUrl(http))
            .headers(headers(http)).body(body).build());
      }
      activity.record(provider, answer.status());
      return ServerResponse.status(answer.status()).contentType(MediaType.parseMediaType(answer.contentType())).body(answer.body());
    }

    private String signedUrl(HttpServletRequest http) {
      String query = http.getQueryString();
      String suffix = query == null ? "" : "?" + query;
      if (publicBase == null) {
        return http.getRequestURL() + suffix;
      }
      String uri = http.getRequestURI();
      String context = http.getContextPath();
      String within = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
      return Webhooks.publicUrl(publicBase, within + suffix);
    }

    private static Map<String, List<String>> headers(HttpServletRequest http) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String name : Collections.list(http.getHeaderNames())) {
        out.put(name, new ArrayList<>(Collections.list(http.getHeaders(name))));
      }
      return out;
    }
  }
}
