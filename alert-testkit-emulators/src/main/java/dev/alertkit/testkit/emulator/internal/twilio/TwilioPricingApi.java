package dev.alertkit.testkit.emulator.internal.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import dev.alertkit.Channel;
import dev.alertkit.cost.PriceTable;
import dev.alertkit.spi.support.PhoneNumbers;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's Pricing API, shaped as twilio-oai's {@code twilio_pricing_v1.json} (messaging countries) and
 * {@code twilio_pricing_v2.json} (voice numbers): {@code GET /v1/Messaging/Countries/{IsoCountry}} and
 * {@code GET /v2/Voice/Numbers/{DestinationNumber}}, priced from a {@link PriceTable} (its country prices; {@code *}
 * is not served, as Twilio answers 404 for a country it has no prices for). SMS prices are served for two emulated
 * carriers: the table's price and 90% of it, for the number types {@code local}, {@code mobile} and
 * {@code toll free}.
 */
public final class TwilioPricingApi {
  private static final Pattern SMS = Pattern.compile("/v1/Messaging/Countries/([^/]+)");
  private static final Pattern VOICE = Pattern.compile("/v2/Voice/Numbers/([^/]+)");
  private final PriceTable prices;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the API.
   *
   * @param prices what it serves
   */
  public TwilioPricingApi(PriceTable prices) {
    this.prices = prices;
  }

  /**
   * The default prices: SMS US 0.0079, GB 0.0524, IN 0.0832; voice US 0.0140, GB 0.0158, IN 0.0490 (USD).
   *
   * @return the table
   */
  public static PriceTable defaults() {
    return PriceTable.builder("USD").sms("US", "0.0079").sms("GB", "0.0524").sms("IN", "0.0832").voice("US", "0.0140")
        .voice("GB", "0.0158").voice("IN", "0.0490").build();
  }

  /**
   * @param path the raw request path
   * @return whether the path is a Pricing API path
   */
  public boolean handles(String path) {
    return SMS.matcher(path).matches() || VOICE.matcher(path).matches();
  }

  /**
   * Answers a Pricing API request.
   *
   * @param method the HTTP method
   * @param path the raw path
   * @param authenticated whether the request had the account's credentials
   * @param error builds a Twilio error response (status, code, message)
   * @return the response
   */
  public ResponseDefinition answer(String method, String path, boolean authenticated, ErrorFactory error) {
    if (!authenticated) {
      return error.error(401, 20003, "Authenticate");
    }
    if (!"GET".equals(method)) {
      return error.error(405, 20004, "Method not allowed");
    }
    Matcher sms = SMS.matcher(path);
    if (sms.matches()) {
      String iso = URLDecoder.decode(sms.group(1), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
      Optional<BigDecimal> p = Optional.ofNullable(prices.prices().getOrDefault(Channel.SMS, java.util.Map.of()).get(iso));
      if (p.isEmpty()) {
        return error.error(404, 20404, "The requested resource " + path + " was not found");
      }
      ObjectNode n = json.createObjectNode();
      n.put("country", new Locale("", iso).getDisplayCountry(Locale.ENGLISH));
      n.put("iso_country", iso);
      ArrayNode outbound = n.putArray("outbound_sms_prices");
      carrier(outbound, "Emulated Mobile", "001", "01", p.get());
      carrier(outbound, "Emulated Budget", "001", "02", p.get().multiply(new BigDecimal("0.9")));
      ArrayNode inbound = n.putArray("inbound_sms_prices");
      ObjectNode in = inbound.addObject();
      in.put("number_type", "local");
      in.put("base_price", "0.0079");
      in.put("current_price", "0.0079");
      n.put("price_unit", prices.currency().getCurrencyCode());
      n.put("url", "https://pricing.twilio.com/v1/Messaging/Countries/" + iso);
      return ok(n);
    }
    Matcher voice = VOICE.matcher(path);
    voice.matches();
    String e164 = URLDecoder.decode(voice.group(1), StandardCharsets.UTF_8);
    Optional<String> iso = PhoneNumbers.region(e164);
    Optional<BigDecimal> p = iso.map(c -> prices.prices().getOrDefault(Channel.VOICE, java.util.Map.of()).get(c));
    if (iso.isEmpty() || p.isEmpty()) {
      return error.error(404, 20404, "The requested resource " + path + " was not found");
    }
    ObjectNode n = json.createObjectNode();
    n.put("destination_number", e164);
    n.putNull("origination_number");
    n.put("country", new Locale("", iso.get()).getDisplayCountry(Locale.ENGLISH));
    n.put("iso_country", iso.get());
    ObjectNode call = n.putArray("outbound_call_prices").addObject();
    call.put("base_price", p.get().toPlainString());
    call.put("current_price", p.get().toPlainString());
    call.putArray("origination_prefixes").add("ALL");
    n.putNull("inbound_call_price");
    n.put("price_unit", prices.currency().getCurrencyCode());
    n.put("url", "https://pricing.twilio.com/v2/Voice/Numbers/" + e164);
    return ok(n);
  }

  private static void carrier(ArrayNode outbound, String name, String mcc, String mnc, BigDecimal price) {
    ObjectNode c = outbound.addObject();
    c.put("carrier", name);
    c.put("mcc", mcc);
    c.put("mnc", mnc);
    ArrayNode list = c.putArray("prices");
    for (String type : new String[] {"local", "mobile", "toll free"}) {
      ObjectNode p = list.addObject();
      p.put("number_type", type);
      p.put("base_price", price.toPlainString());
      p.put("current_price", price.toPlainString());
    }
  }

  private ResponseDefinition ok(ObjectNode n) {
    try {
      return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
          .withBody(json.writeValueAsString(n)).build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds Twilio's error answer. */
  @FunctionalInterface
  public interface ErrorFactory {
    /**
     * @param status HTTP status
     * @param code Twilio error code
     * @param message the message
     * @return the response
     */
    ResponseDefinition error(int status, int code, String message);
  }
}
