package dev.alertkit.examples;

import dev.alertkit.Alert;
import dev.alertkit.Attempt;
import dev.alertkit.DispatchReport;
import dev.alertkit.RecipientReport;
import dev.alertkit.SkippedChannel;
import java.util.ArrayList;
import java.util.List;

/** Formats dispatch reports as a readable table for the examples. */
public final class ReportTable {
  private ReportTable() {}

  /**
   * Renders one alert's report: one row per attempt or skip, grouped by recipient.
   *
   * @param alert the alert
   * @param report its report
   * @return the table
   */
  public static String render(Alert alert, DispatchReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"recipient", "outcome", "rule / plan", "channel", "provider", "result"});
    for (RecipientReport r : report.recipients()) {
      String plan = r.rule().orElse("-") + r.plan().map(p -> ": " + p).orElse("");
      boolean first = true;
      for (Attempt a : r.attempts()) {
        rows.add(new String[] {first ? r.recipientId() : "", first ? r.outcome().toString() : "", first ? plan : "",
            a.channel().toString(), a.provider(), a.accepted()
                ? "accepted " + a.providerMessageId().orElse("") + a.smsEncoding().map(e -> " (" + e.segments() + " seg " + e.charset() + ")").orElse("")
                : "failed: " + a.failure().map(f -> f.kind() + " " + f.reason() + f.providerCode().map(c -> " [" + c + "]").orElse("")).orElse("")});
        first = false;
      }
      for (SkippedChannel k : r.skipped()) {
        rows.add(new String[] {first ? r.recipientId() : "", first ? r.outcome().toString() : "", first ? plan : "",
            k.channel().toString(), "-", "skipped: " + k.reason()});
        first = false;
      }
      if (first) {
        rows.add(new String[] {r.recipientId(), r.outcome().toString(), plan, "-", "-",
            r.reason().orElse("")});
      }
    }
    int[] width = new int[6];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.min(Math.max(width[i], row[i].length()), i == 5 ? 90 : 40);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("== ").append(alert.severity()).append(": ").append(alert.title()).append("  (alert ").append(alert.id()).append(")\n");
    for (int n = 0; n < rows.size(); n++) {
      String[] row = rows.get(n);
      for (int i = 0; i < row.length; i++) {
        String cell = row[i].length() > width[i] ? row[i].substring(0, width[i] - 1) + "\u2026" : row[i];
        out.append(String.format("%-" + width[i] + "s", cell)).append(i + 1 < row.length ? " | " : "");
      }
      out.append('\n');
      if (n == 0) {
        for (int i = 0; i < width.length; i++) {
          out.append("-".repeat(width[i])).append(i + 1 < width.length ? "-+-" : "");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
