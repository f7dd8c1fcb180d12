package dev.alertkit.examples.snippets;

import dev.alertkit.AlertClient;
import dev.alertkit.Channel;
import dev.alertkit.Severity;
import dev.alertkit.cost.Budget;
import dev.alertkit.cost.BudgetPolicy;
import dev.alertkit.cost.CostControl;
import dev.alertkit.cost.CostLedger;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.storm.StormControl;
import dev.alertkit.twilio.TwilioConfig;
import dev.alertkit.twilio.TwilioPricing;
import dev.alertkit.twilio.TwilioUsageTriggers;
import dev.alertkit.webhook.WebhookHandler;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/** The snippets of docs/cost.md. */
final class CostSnippets {
  private CostSnippets() {}

  static PriceTable prices(Path csv) throws IOException {
    // tag::cost-prices[]
    PriceTable prices;
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      prices = PriceTable.fromCsv(r);                  // or PriceTable.fromJson(r), or PriceTable.builder("USD")...
    }
    // end::cost-prices[]
    return prices;
  }

  static CostControl costControl(PriceTable prices, Clock clock) {
    // tag::cost-control[]
    CostControl cost = CostControl.builder()
        .prices(prices)
        .zone(ZoneId.of("Asia/Kolkata"))                // where a budget's day and month begin
        .clock(clock)
        .budget(Budget.daily("sms-per-day", new BigDecimal("25.00")).channels(Channel.SMS).build())
        .budget(Budget.monthly("twilio", new BigDecimal("400.00"))  // one provider = the channels it serves
            .channels(Channel.SMS, Channel.VOICE, Channel.WHATSAPP).hardCap().build())
        .budget(Budget.daily("per-tenant", new BigDecimal("5.00")).perLabel("tenant").build())
        .onExceeded(Severity.INFO, BudgetPolicy.SUPPRESS)   // defaults: INFO, WARNING DOWNGRADE; CRITICAL ALLOW
        .build();
    // end::cost-control[]
    return cost;
  }

  static AlertClient client(CostControl cost, Clock clock, ChannelProvider sms, ChannelProvider email) {
    // tag::cost-client[]
    AlertClient client = AlertClient.builder()
        .provider(sms)
        .provider(email)
        .compliance(cost.guard())                      // after any other guard (it prices the final message)
        .listener(cost.listener())                     // releases, keeps or settles each reservation
        .clock(clock)
        .build();
    // end::cost-client[]
    return client;
  }

  static String ledger(CostControl cost, String alertId) {
    // tag::cost-ledger[]
    CostLedger.AlertCost spent = cost.ledger().alert(alertId).orElseThrow();
    StringBuilder line = new StringBuilder("alert " + alertId + ": estimated " + spent.estimated()
        + ", charged " + spent.actual() + " (" + spent.unreported() + " not priced yet)");
    for (CostLedger.AttemptCost a : spent.attempts()) {
      line.append("\n  ").append(a.channel()).append(' ').append(a.estimate().basis()).append(" -> ")
          .append(a.decision()).append(", ").append(a.status()).append(a.actual().map(m -> ", charged " + m).orElse(""));
    }
    // end::cost-ledger[]
    return line.toString();
  }

  static PriceTable fromTwilio(TwilioConfig config, Clock clock) {
    // tag::cost-pricing-api[]
    PriceTable prices;
    try (TwilioPricing pricing = TwilioPricing.builder(config).clock(clock).build()) {
      prices = pricing.fill(PriceTable.builder("USD").email("0.0010").whatsapp("*", "0.0050").build(),
          List.of("US", "IN", "GB"),                                       // SMS: highest carrier price per country
          List.of("+14155550100", "+919812345678", "+447400123456"));      // voice: one number per country
    }
    // end::cost-pricing-api[]
    return prices;
  }

  static WebhookHandler usageTriggers(CostControl cost, String authToken) {
    // tag::cost-usage-trigger[]
    WebhookHandler usage = TwilioUsageTriggers.builder()
        .authToken(authToken)                          // verifies X-Twilio-Signature like every Twilio webhook
        .publicBaseUrl("https://alerts.example.com")
        .costControl(cost)
        .build();
    // mount it at the CallbackUrl of your trigger, e.g. POST /twilio/usage
    // end::cost-usage-trigger[]
    return usage;
  }

  static StormControl storm(AlertClient client, Clock clock, ScheduledExecutorService scheduler) {
    // tag::storm-control[]
    ZoneId india = ZoneId.of("Asia/Kolkata");
    StormControl storm = StormControl.builder(client)
        .clock(clock)
        .scheduler(scheduler)                          // or .timers(timerService) to share one
        .cap(Channel.SMS, 5, Duration.ofMinutes(15))   // the first cap replaces the defaults
        .cap(Channel.SMS, 11, Duration.ofHours(1))
        .cap(Channel.VOICE, 3, Duration.ofMinutes(15))
        .criticalBypassesCaps(true)
        .groupBy("service")
        .groupWait(Duration.ofSeconds(30))
        .groupInterval(Duration.ofMinutes(5))
        // +91: the digest SMS is a registered DLT template, e.g. "{#var#} more alerts since {#var#} - ACME"
        .digestSmsTemplate("1107161234567890123",
            d -> Map.of("var1", String.valueOf(d.more()), "var2", d.sinceText(india)))
        .build();
    // end::storm-control[]
    return storm;
  }
}
