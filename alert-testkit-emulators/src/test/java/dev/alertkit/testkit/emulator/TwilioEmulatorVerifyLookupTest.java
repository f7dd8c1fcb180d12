package dev.alertkit.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertkit.testkit.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's Verify v2 and Lookup v2 over plain HTTP, without the SDK: the fields of the official OpenAPI
 * schemas ({@code verify.v2.service.verification}, {@code verify.v2.service.verification_check}, {@code LookupResponse},
 * {@code LineTypeIntelligenceInfo}), authentication and the documented errors.
 */
class TwilioEmulatorVerifyLookupTest {
  static final String SERVICE = "VA0123456789abcdef0123456789abcdef";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  /** Properties of verify.v2.service.verification in twilio_verify_v2.json. */
  static final Set<String> VERIFICATION_FIELDS = Set.of("sid", "service_sid", "account_sid", "to", "channel", "status", "valid",
      "lookup", "amount", "payee", "send_code_attempts", "date_created", "date_updated", "sna", "url");
  /** Properties of verify.v2.service.verification_check. */
  static final Set<String> CHECK_FIELDS = Set.of("sid", "service_sid", "account_sid", "to", "channel", "status", "valid", "amount",
      "payee", "date_created", "date_updated", "sna_attempts_error_codes");
  /** Properties of LineTypeIntelligenceInfo in twilio_lookups_v2.json. */
  static final Set<String> LTI_FIELDS = Set.of("mobile_country_code", "mobile_network_code", "carrier_name", "type", "error_code");

  private final ManualClock clock = ManualClock.at("2026-11-30T09:00:00Z");
  private TwilioEmulator emulator;

  @BeforeEach
  void start() {
    emulator = TwilioEmulator.builder().clock(clock).start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> post(String path, String password, String... pairs) throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).header("Authorization", auth(password))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery)).header("Authorization", auth(emulator.authToken()))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String auth(String password) {
    return "Basic " + Base64.getEncoder().encodeToString((emulator.accountSid() + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Set<String> fields(JsonNode n) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void verificationAndCheckAnswerWithTheSpecsFields() throws Exception {
    // When a verification is created and checked with the code the emulator reveals
    HttpResponse<String> created = post("/v2/Services/" + SERVICE + "/Verifications", emulator.authToken(), "To", "+14155550100", "Channel", "sms");
    String code = emulator.verificationCode("+14155550100").orElseThrow();
    HttpResponse<String> checked = post("/v2/Services/" + SERVICE + "/VerificationCheck", emulator.authToken(),
        "To", "+14155550100", "Code", code);

    // Then both have exactly the schema's properties and Twilio's statuses
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode v = JSON.readTree(created.body());
    assertThat(fields(v)).isEqualTo(new TreeSet<>(VERIFICATION_FIELDS));
    assertThat(v.get("sid").asText()).matches("VE[0-9a-f]{32}");
    assertThat(v.get("status").asText()).isEqualTo("pending");
    assertThat(v.get("date_created").asText()).isEqualTo("2026-11-30T09:00:00Z");
    assertThat(code).matches("[0-9]{6}");
    assertThat(checked.statusCode()).isEqualTo(200);
    JsonNode c = JSON.readTree(checked.body());
    assertThat(fields(c)).isEqualTo(new TreeSet<>(CHECK_FIELDS));
    assertThat(c.get("status").asText()).isEqualTo("approved");
    assertThat(c.get("valid").asBoolean()).isTrue();
    // and the verification can be fetched by its SID
    HttpResponse<String> fetched = get("/v2/Services/" + SERVICE + "/Verifications/" + v.get("sid").asText());
    assertThat(JSON.readTree(fetched.body()).get("status").asText()).isEqualTo("approved");
  }

  @Test
  void documentedErrorsHaveTwilioShape() throws Exception {
    String base = "/v2/Services/" + SERVICE;
    assertThat(post(base + "/Verifications", "wrong", "To", "+14155550100", "Channel", "sms").statusCode()).isEqualTo(401);
    assertThat(post(base + "/Verifications", emulator.authToken(), "To", "+14155550100", "Channel", "fax").body()).contains("\"code\":60200");
    assertThat(post(base + "/Verifications", emulator.authToken(), "To", "4155550100", "Channel", "sms").body()).contains("\"code\":60200");
    assertThat(post("/v2/Services/VA1/Verifications", emulator.authToken(), "To", "+14155550100", "Channel", "sms").statusCode()).isEqualTo(404);
    assertThat(post(base + "/VerificationCheck", emulator.authToken(), "Code", "123456").body()).contains("\"code\":60200");
    HttpResponse<String> nothing = post(base + "/VerificationCheck", emulator.authToken(), "To", "+14155550100", "Code", "123456");
    assertThat(nothing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(nothing.body()).get("code").asInt()).isEqualTo(20404);
    emulator.lineType("+14155550111", "landline");
    assertThat(post(base + "/Verifications", emulator.authToken(), "To", "+14155550111", "Channel", "sms").body()).contains("\"code\":60205");
  }

  @Test
  void sendAndCheckLimitsAndExpiryFollowTheClock() throws Exception {
    String base = "/v2/Services/" + SERVICE;
    for (int i = 0; i < 5; i++) {
      assertThat(post(base + "/Verifications", emulator.authToken(), "To", "+14155550100", "Channel", "sms").statusCode()).isEqualTo(201);
    }
    HttpResponse<String> sixth = post(base + "/Verifications", emulator.authToken(), "To", "+14155550100", "Channel", "sms");
    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(sixth.body()).contains("\"code\":60203");
    for (int i = 0; i < 5; i++) {
      assertThat(JSON.readTree(post(base + "/VerificationCheck", emulator.authToken(), "To", "+14155550100", "Code", "wrong1").body())
          .get("status").asText()).isEqualTo("pending");
    }
    HttpResponse<String> locked = post(base + "/VerificationCheck", emulator.authToken(), "To", "+14155550100", "Code", "wrong1");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.body()).contains("\"code\":60202");
    assertThat(emulator.verifications()).singleElement().extracting(TwilioEmulator.Verification::status).isEqualTo("max_attempts_reached");

    // A new number's code expires after 10 minutes
    post(base + "/Verifications", emulator.authToken(), "To", "+14155550101", "Channel", "call");
    String code = emulator.verificationCode("+14155550101").orElseThrow();
    clock.advance(Duration.ofMinutes(10));
    assertThat(post(base + "/VerificationCheck", emulator.authToken(), "To", "+14155550101", "Code", code).statusCode()).isEqualTo(404);
  }

  @Test
  void lookupAnswersLineTypeIntelligenceOnlyWhenAskedFor() throws Exception {
    emulator.lineType("+14155550100", "landline");
    JsonNode withField = JSON.readTree(get("/v2/PhoneNumbers/%2B14155550100?Fields=line_type_intelligence").body());
    JsonNode without = JSON.readTree(get("/v2/PhoneNumbers/+14155550101").body());
    JsonNode invalid = JSON.readTree(get("/v2/PhoneNumbers/12").body());

    assertThat(withField.get("phone_number").asText()).isEqualTo("+14155550100");
    assertThat(withField.get("valid").asBoolean()).isTrue();
    assertThat(fields(withField.get("line_type_intelligence"))).isEqualTo(new TreeSet<>(LTI_FIELDS));
    assertThat(withField.at("/line_type_intelligence/type").asText()).isEqualTo("landline");
    assertThat(without.get("line_type_intelligence").isNull()).isTrue();
    assertThat(invalid.get("valid").asBoolean()).isFalse();
    assertThat(invalid.get("validation_errors").isArray()).isTrue();
    assertThat(get("/v2/PhoneNumbers/+14155550100?Fields=colour").statusCode()).isEqualTo(400);
    assertThat(emulator.lookupCount()).isEqualTo(4);
  }
}
