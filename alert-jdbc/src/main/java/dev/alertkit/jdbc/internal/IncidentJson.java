package dev.alertkit.jdbc.internal;

import static dev.alertkit.spi.support.MiniJson.array;
import static dev.alertkit.spi.support.MiniJson.integer;
import static dev.alertkit.spi.support.MiniJson.object;
import static dev.alertkit.spi.support.MiniJson.optionalString;
import static dev.alertkit.spi.support.MiniJson.string;
import static dev.alertkit.spi.support.MiniJson.write;

import dev.alertkit.Alert;
import dev.alertkit.Channel;
import dev.alertkit.incident.Notification;
import dev.alertkit.incident.TimelineEntry;
import dev.alertkit.spi.support.AlertJson;
import dev.alertkit.spi.support.MiniJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of an incident's opening alert, notifications and timeline (the {@code alert}, {@code notifications}
 * and {@code timeline} columns). The alert is written by core's {@link AlertJson} (the same text as a durable
 * submission); notifications and timeline are written here and read with core's strict {@link MiniJson} reader.
 */
public final class IncidentJson {
  private IncidentJson() {}

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * @param a the alert
   * @return its JSON text
   */
  public static String alert(Alert a) {
    return AlertJson.alert(a);
  }

  /**
   * @param notifications the notifications
   * @return their JSON text
   */
  public static String notifications(List<Notification> notifications) {
    List<Object> out = new ArrayList<>();
    for (Notification n : notifications) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recipientId", n.recipientId());
      m.put("channel", n.channel().name());
      m.put("address", n.address());
      m.put("round", n.round());
      m.put("step", n.step());
      m.put("alertId", n.alertId());
      m.put("replyCode", n.replyCode());
      m.put("at", n.at().toString());
      out.add(m);
    }
    return write(out);
  }

  /**
   * @param timeline the entries
   * @return their JSON text
   */
  public static String timeline(List<TimelineEntry> timeline) {
    List<Object> out = new ArrayList<>();
    for (TimelineEntry e : timeline) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", e.at().toString());
      m.put("type", e.type().name());
      m.put("round", e.round());
      m.put("step", e.step());
      m.put("recipientId", e.recipientId().orElse(null));
      m.put("channel", e.channel().map(Channel::name).orElse(null));
      m.put("detail", e.detail());
      out.add(m);
    }
    return write(out);
  }


  // ------------------------------------------------------------------------------------------------ reading

  /**
   * @param json the alert's JSON text
   * @return the alert
   * @throws IllegalArgumentException when the text is not an alert written by {@link #alert(Alert)}
   */
  public static Alert readAlert(String json) {
    return AlertJson.readAlert(json);
  }

  /**
   * @param json the notifications' JSON text
   * @return the notifications
   */
  public static List<Notification> readNotifications(String json) {
    List<Notification> out = new ArrayList<>();
    for (Object o : array(MiniJson.parse(json))) {
      Map<String, Object> m = object(o);
      out.add(new Notification(string(m, "recipientId"), Channel.valueOf(string(m, "channel")), string(m, "address"),
          integer(m, "round"), integer(m, "step"), string(m, "alertId"), string(m, "replyCode"), Instant.parse(string(m, "at"))));
    }
    return out;
  }

  /**
   * @param json the timeline's JSON text
   * @return the entries
   */
  public static List<TimelineEntry> readTimeline(String json) {
    List<TimelineEntry> out = new ArrayList<>();
    for (Object o : array(MiniJson.parse(json))) {
      Map<String, Object> m = object(o);
      out.add(new TimelineEntry(Instant.parse(string(m, "at")), TimelineEntry.Type.valueOf(string(m, "type")), integer(m, "round"),
          integer(m, "step"), optionalString(m, "recipientId"), optionalString(m, "channel").map(Channel::valueOf), string(m, "detail")));
    }
    return out;
  }





}
