package com.example.alerts;

import dev.alertkit.Alert;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import dev.alertkit.Recipient;
import dev.alertkit.RecipientReport;
import dev.alertkit.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Application code as a user writes it: an endpoint that pages the on-call person through the starter's client. */
@RestController
public class PageController {
  private final AlertClient alerts;
  private final List<Recipient> onCall =
      List.of(Recipient.builder("alice").phone("+14155550100").email("alice@example.com").build());

  /**
   * Creates the controller.
   *
   * @param alerts the client the starter configured
   */
  public PageController(AlertClient alerts) {
    this.alerts = alerts;
  }

  /**
   * Pages the on-call person.
   *
   * @param severity how bad
   * @param title what happened
   * @return each recipient's outcome
   */
  @PostMapping("/page")
  public Map<String, String> page(@RequestParam Severity severity, @RequestParam String title) {
    DispatchReport report = alerts.send(Alert.builder().severity(severity).title(title).recipients(onCall).build());
    Map<String, String> out = new LinkedHashMap<>();
    for (RecipientReport r : report.recipients()) {
      out.put(r.recipientId(), r.outcome().name());
    }
    return out;
  }
}
