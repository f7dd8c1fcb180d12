package dev.alertkit.spring;

import dev.alertkit.Channel;
import dev.alertkit.Recipient;
import dev.alertkit.Rule;
import dev.alertkit.incident.EscalationPolicy;
import dev.alertkit.incident.EscalationStep;
import dev.alertkit.incident.EscalationTarget;
import dev.alertkit.oncall.OnCallSchedule;
import dev.alertkit.oncall.Rotation;
import dev.alertkit.spring.AlertkitEscalationProperties.Layer;
import dev.alertkit.spring.AlertkitEscalationProperties.Person;
import dev.alertkit.spring.AlertkitEscalationProperties.Policy;
import dev.alertkit.spring.AlertkitEscalationProperties.Schedule;
import dev.alertkit.spring.AlertkitEscalationProperties.Step;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The people, on-call schedules and escalation policies of {@code application.yaml}, built into alertkit's values.
 * Raise with a policy by name: {@code client.raise(alert, escalations.policy("db-critical"))}.
 */
public final class AlertkitEscalations {
  private final Map<String, Recipient> people;
  private final Map<String, OnCallSchedule> schedules;
  private final Map<String, EscalationPolicy> policies;

  private AlertkitEscalations(Map<String, Recipient> people, Map<String, OnCallSchedule> schedules,
      Map<String, EscalationPolicy> policies) {
    this.people = Collections.unmodifiableMap(people);
    this.schedules = Collections.unmodifiableMap(schedules);
    this.policies = Collections.unmodifiableMap(policies);
  }

  /**
   * A person by id.
   *
   * @param id the id under {@code alertkit.people}
   * @return the recipient
   * @throws IllegalArgumentException when no such person is configured
   */
  public Recipient person(String id) {
    return get(people, id, "alertkit.people");
  }

  /**
   * A schedule by name.
   *
   * @param name the name under {@code alertkit.schedules}
   * @return the schedule
   * @throws IllegalArgumentException when no such schedule is configured
   */
  public OnCallSchedule schedule(String name) {
    return get(schedules, name, "alertkit.schedules");
  }

  /**
   * A policy by name.
   *
   * @param name the name under {@code alertkit.escalation.policies}
   * @return the policy
   * @throws IllegalArgumentException when no such policy is configured
   */
  public EscalationPolicy policy(String name) {
    return get(policies, name, "alertkit.escalation.policies");
  }

  /** @return every policy, by name */
  public Map<String, EscalationPolicy> policies() {
    return policies;
  }

  /** @return every person, by id */
  public Map<String, Recipient> people() {
    return people;
  }

  private static <T> T get(Map<String, T> map, String key, String where) {
    T t = map.get(key);
    if (t == null) {
      throw new IllegalArgumentException("no " + where + "." + key + " is configured (known: " + map.keySet() + ")");
    }
    return t;
  }

  /**
   * Builds everything from the properties.
   *
   * @param p the properties
   * @return the built values
   * @throws InvalidAlertkitPropertyException naming the property path when a value is invalid or a reference unknown
   */
  static AlertkitEscalations from(AlertkitEscalationProperties p) {
    Map<String, Recipient> people = new LinkedHashMap<>();
    p.getPeople().forEach((id, person) -> people.put(id, person(id, person)));
    Map<String, OnCallSchedule> schedules = new LinkedHashMap<>();
    p.getSchedules().forEach((name, s) -> schedules.put(name, schedule(name, s, people)));
    Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
    p.getEscalation().getPolicies().forEach((name, policy) -> policies.put(name, policy(name, policy, people, schedules)));
    return new AlertkitEscalations(people, schedules, policies);
  }

  private static Recipient person(String id, Person p) {
    String path = "alertkit.people." + id;
    return Properties.at(path, () -> {
      Recipient.Builder b = Recipient.builder(id);
      if (p.getName() != null) {
        b.name(p.getName());
      }
      if (p.getDefaultRegion() != null) {
        b.defaultRegion(p.getDefaultRegion());
      }
      if (p.getPhone() != null) {
        b.phone(p.getPhone());
      }
      if (p.getWhatsapp() != null) {
        b.whatsapp(p.getWhatsapp());
      }
      if (p.getEmail() != null) {
        b.email(p.getEmail());
      }
      if (p.getTimeZone() != null) {
        b.timeZone(zone(path + ".time-zone", p.getTimeZone()));
      }
      if (p.getQuietFrom() != null || p.getQuietUntil() != null) {
        if (p.getQuietFrom() == null || p.getQuietUntil() == null) {
          throw new InvalidAlertkitPropertyException(path + ".quiet-from", "quiet-from and quiet-until go together", null);
        }
        b.quietHours(p.getQuietFrom(), p.getQuietUntil());
      }
      return b.build();
    });
  }

  private static OnCallSchedule schedule(String name, Schedule s, Map<String, Recipient> people) {
    String path = "alertkit.schedules." + name;
    OnCallSchedule.Builder b = OnCallSchedule.builder(name);
    for (int i = 0; i < s.getLayers().size(); i++) {
      Layer l = s.getLayers().get(i);
      String lp = path + ".layers[" + i + "]";
      Recipient[] participants = people(lp + ".participants", l.getParticipants(), people).toArray(new Recipient[0]);
      if (l.getShift() == null || l.getStartDate() == null || l.getHandoff() == null || l.getZone() == null) {
        throw new InvalidAlertkitPropertyException(lp, "shift, start-date, handoff and zone are required", null);
      }
      ZoneId zone = zone(lp + ".zone", l.getZone());
      b.layer(Properties.at(lp, () -> {
        Rotation.Builder r = Rotation.builder(l.getName() != null ? l.getName() : "layer-" + (layerIndex(s, l) + 1)).participants(participants)
            .shift(l.getShift()).handoff(l.getStartDate(), l.getHandoff(), zone);
        if (l.getActiveFrom() != null || l.getActiveUntil() != null) {
          r.activeBetween(l.getActiveFrom(), l.getActiveUntil());
        }
        return r.build();
      }));
    }
    for (int i = 0; i < s.getOverrides().size(); i++) {
      AlertkitEscalationProperties.Override o = s.getOverrides().get(i);
      String op = path + ".overrides[" + i + "]";
      Recipient who = people(op + ".person", o.getPerson() == null ? List.of() : List.of(o.getPerson()), people).get(0);
      if (o.getFrom() == null || o.getUntil() == null) {
        throw new InvalidAlertkitPropertyException(op, "from and until are required", null);
      }
      Properties.at(op, () -> b.override(who, o.getFrom(), o.getUntil()));
    }
    return Properties.at(path, b::build);
  }

  private static int layerIndex(Schedule s, Layer l) {
    return s.getLayers().indexOf(l);
  }

  private static EscalationPolicy policy(String name, Policy p, Map<String, Recipient> people, Map<String, OnCallSchedule> schedules) {
    String path = "alertkit.escalation.policies." + name;
    EscalationPolicy.Builder b = EscalationPolicy.builder(name);
    for (int i = 0; i < p.getSteps().size(); i++) {
      Step s = p.getSteps().get(i);
      String sp = path + ".steps[" + i + "]";
      List<EscalationTarget> targets = new ArrayList<>();
      people(sp + ".people", s.getPeople(), people).forEach(r -> targets.add(EscalationTarget.recipient(r)));
      for (String sched : s.getOnCall()) {
        OnCallSchedule schedule = schedules.get(sched);
        if (schedule == null) {
          throw new InvalidAlertkitPropertyException(sp + ".on-call", "no schedule '" + sched + "' under alertkit.schedules (known: "
              + schedules.keySet() + ")", null);
        }
        targets.add(EscalationTarget.onCall(schedule));
      }
      if (targets.isEmpty()) {
        throw new InvalidAlertkitPropertyException(sp, "a step needs people or on-call schedules to page", null);
      }
      Rule via = rule(sp, s.getDeliver(), s.getFallback());
      if (s.getWaitForAck() == null) {
        throw new InvalidAlertkitPropertyException(sp + ".wait-for-ack", "is required, e.g. 5m", null);
      }
      EscalationStep step = Properties.at(sp, () -> EscalationStep.builder().target(targets.toArray(new EscalationTarget[0]))
          .via(via).waitForAck(s.getWaitForAck()).build());
      b.step(step);
    }
    Properties.at(path, () -> b.repeat(p.getRepeat()));
    if (!p.getOnExhaustedNotify().isEmpty()) {
      Rule via = rule(path + ".on-exhausted-deliver", p.getOnExhaustedDeliver(), List.of());
      Recipient[] notify = people(path + ".on-exhausted-notify", p.getOnExhaustedNotify(), people).toArray(new Recipient[0]);
      Properties.at(path, () -> b.onExhausted(via, notify));
    }
    return Properties.at(path, b::build);
  }

  private static Rule rule(String path, List<Channel> deliver, List<List<Channel>> fallback) {
    if (deliver == null || deliver.isEmpty()) {
      throw new InvalidAlertkitPropertyException(path + ".deliver", "at least one channel is required, e.g. deliver: [SMS, VOICE]", null);
    }
    return Properties.at(path, () -> {
      Rule r = Rule.deliver(deliver.toArray(new Channel[0]));
      for (List<Channel> tier : fallback) {
        r = r.thenFallbackTo(tier.toArray(new Channel[0]));
      }
      return r;
    });
  }

  private static List<Recipient> people(String path, List<String> ids, Map<String, Recipient> people) {
    List<Recipient> out = new ArrayList<>();
    for (String id : ids) {
      Recipient r = people.get(id);
      if (r == null) {
        throw new InvalidAlertkitPropertyException(path, "no person '" + id + "' under alertkit.people (known: " + people.keySet() + ")", null);
      }
      out.add(r);
    }
    if (out.isEmpty() && path.endsWith(".person")) {
      throw new InvalidAlertkitPropertyException(path, "is required", null);
    }
    return out;
  }

  private static ZoneId zone(String path, String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidAlertkitPropertyException(path, "is not a time zone (e.g. Europe/London): " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AlertkitEscalations{people=" + people.keySet() + ", schedules=" + schedules.keySet() + ", policies=" + policies.keySet() + "}";
  }
}
