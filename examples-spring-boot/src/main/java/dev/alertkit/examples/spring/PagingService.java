package dev.alertkit.examples.spring;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small service that pages the on-call person when a monitor calls {@code POST /alerts}. alertkit comes from the
 * starter: the {@link AlertClient} bean, providers from {@code application.yaml}, webhooks mounted and verified.
 *
 * <p>Run it on the emulators (no credentials, nothing leaves the machine):
 * {@code mvn -q -pl examples-spring-boot -am compile exec:java}, then
 * {@code curl -s -XPOST localhost:8080/alerts -H 'Content-Type: application/json' -d '{"title":"db-1 down","severity":"CRITICAL"}'}.
 */
// tag::spring-controller[]
@SpringBootApplication
@RestController
public class PagingService {
  private final AlertClient alerts;
  private final List<Recipient> onCall = List.of(
      Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build());

  /**
   * Creates the controller.
   *
   * @param alerts the client from the starter
   */
  public PagingService(AlertClient alerts) {
    this.alerts = alerts;
  }

  /**
   * Raises an alert to the on-call person.
   *
   * @param request title and severity
   * @return each recipient's outcome and reason
   */
  @PostMapping("/alerts")
  public Map<String, String> raise(@RequestBody AlertRequest request) {
    DispatchReport report = alerts.send(Alert.builder().severity(request.severity()).title(request.title())
        .recipients(onCall).build());
    Map<String, String> out = new LinkedHashMap<>();
    for (RecipientReport r : report.recipients()) {
      out.put(r.recipientId(), r.outcome() + r.reason().map(why -> ": " + why).orElse(""));
    }
    return out;
  }
  // end::spring-controller[]

  /**
   * What a monitor posts.
   *
   * @param title the alert's title
   * @param severity its severity
   */
  public record AlertRequest(String title, Severity severity) {}

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(PagingService.class, args);
  }
}
