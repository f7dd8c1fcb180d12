package dev.alertkit.spring;

import dev.alertkit.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * People, on-call schedules and escalation policies under {@code alertkit.*}: {@code alertkit.people.<id>},
 * {@code alertkit.schedules.<name>} and {@code alertkit.escalation.policies.<name>}. They become the same
 * {@code Recipient}, {@code OnCallSchedule} and {@code EscalationPolicy} values the builders make; the policies are
 * registered with the client (needed on every instance that may run a step) and available from
 * {@link AlertkitEscalations}.
 */
@ConfigurationProperties(prefix = "alertkit")
public class AlertkitEscalationProperties {
  /** The people policies and schedules name, by id. */
  private Map<String, Person> people = new LinkedHashMap<>();
  /** On-call schedules by name. */
  private Map<String, Schedule> schedules = new LinkedHashMap<>();
  private final Escalation escalation = new Escalation();

  /** @return the people by id */
  public Map<String, Person> getPeople() {
    return people;
  }

  /** @param people the people by id */
  public void setPeople(Map<String, Person> people) {
    this.people = people;
  }

  /** @return the schedules by name */
  public Map<String, Schedule> getSchedules() {
    return schedules;
  }

  /** @param schedules the schedules by name */
  public void setSchedules(Map<String, Schedule> schedules) {
    this.schedules = schedules;
  }

  /** @return the escalation settings */
  public Escalation getEscalation() {
    return escalation;
  }

  /** A person who can be paged. */
  public static class Person {
    /** Display name. */
    private String name;
    /** Phone number (E.164, or national with default-region). */
    private String phone;
    /** WhatsApp number, when it differs from the phone. */
    private String whatsapp;
    /** E-mail address. */
    private String email;
    /** Region for national phone numbers, e.g. US. */
    private String defaultRegion;
    /** Time zone of quiet hours, e.g. Asia/Kolkata. */
    private String timeZone;
    /** Start of quiet hours, e.g. 22:00. */
    private LocalTime quietFrom;
    /** End of quiet hours, e.g. 07:00. */
    private LocalTime quietUntil;

    /** @return the name */
    public String getName() {
      return name;
    }

    /** @param name the name */
    public void setName(String name) {
      this.name = name;
    }

    /** @return the phone */
    public String getPhone() {
      return phone;
    }

    /** @param phone the phone */
    public void setPhone(String phone) {
      this.phone = phone;
    }

    /** @return the WhatsApp number */
    public String getWhatsapp() {
      return whatsapp;
    }

    /** @param whatsapp the WhatsApp number */
    public void setWhatsapp(String whatsapp) {
      this.whatsapp = whatsapp;
    }

    /** @return the e-mail address */
    public String getEmail() {
      return email;
    }

    /** @param email the e-mail address */
    public void setEmail(String email) {
      this.email = email;
    }

    /** @return the default region */
    public String getDefaultRegion() {
      return defaultRegion;
    }

    /** @param defaultRegion the default region */
    public void setDefaultRegion(String defaultRegion) {
      this.defaultRegion = defaultRegion;
    }

    /** @return the time zone */
    public String getTimeZone() {
      return timeZone;
    }

    /** @param timeZone the time zone */
    public void setTimeZone(String timeZone) {
      this.timeZone = timeZone;
    }

    /** @return the start of quiet hours */
    public LocalTime getQuietFrom() {
      return quietFrom;
    }

    /** @param quietFrom the start of quiet hours */
    public void setQuietFrom(LocalTime quietFrom) {
      this.quietFrom = quietFrom;
    }

    /** @return the end of quiet hours */
    public LocalTime getQuietUntil() {
      return quietUntil;
    }

    /** @param quietUntil the end of quiet hours */
    public void setQuietUntil(LocalTime quietUntil) {
      this.quietUntil = quietUntil;
    }
  }

  /** An on-call schedule: rotation layers (the first listed wins where several cover an instant) and overrides. */
  public static class Schedule {
    /** Rotations, highest priority first. */
    private List<Layer> layers = new ArrayList<>();
    /** Time-ranged overrides. */
    private List<Override> overrides = new ArrayList<>();

    /** @return the layers */
    public List<Layer> getLayers() {
      return layers;
    }

    /** @param layers the layers */
    public void setLayers(List<Layer> layers) {
      this.layers = layers;
    }

    /** @return the overrides */
    public List<Override> getOverrides() {
      return overrides;
    }

    /** @param overrides the overrides */
    public void setOverrides(List<Override> overrides) {
      this.overrides = overrides;
    }
  }

  /** One rotation. */
  public static class Layer {
    /** Name shown in the timeline. */
    private String name;
    /** People ids, in rotation order. */
    private List<String> participants = new ArrayList<>();
    /** Shift length, e.g. 7d or 12h. */
    private Duration shift;
    /** Date of the first shift. */
    private LocalDate startDate;
    /** Handoff time on the wall clock of {@code zone}. */
    private LocalTime handoff;
    /** Zone of the handoff time, e.g. Europe/London. */
    private String zone;
    /** Optional daily active hours: start. */
    private LocalTime activeFrom;
    /** Optional daily active hours: end. */
    private LocalTime activeUntil;

    /** @return the name */
    public String getName() {
      return name;
    }

    /** @param name the name */
    public void setName(String name) {
      this.name = name;
    }

    /** @return the participants */
    public List<String> getParticipants() {
      return participants;
    }

    /** @param participants the participants */
    public void setParticipants(List<String> participants) {
      this.participants = participants;
    }

    /** @return the shift length */
    public Duration getShift() {
      return shift;
    }

    /** @param shift the shift length */
    public void setShift(Duration shift) {
      this.shift = shift;
    }

    /** @return the start date */
    public LocalDate getStartDate() {
      return startDate;
    }

    /** @param startDate the start date */
    public void setStartDate(LocalDate startDate) {
      this.startDate = startDate;
    }

    /** @return the handoff time */
    public LocalTime getHandoff() {
      return handoff;
    }

    /** @param handoff the handoff time */
    public void setHandoff(LocalTime handoff) {
      this.handoff = handoff;
    }

    /** @return the zone */
    public String getZone() {
      return zone;
    }

    /** @param zone the zone */
    public void setZone(String zone) {
      this.zone = zone;
    }

    /** @return the start of the active hours */
    public LocalTime getActiveFrom() {
      return activeFrom;
    }

    /** @param activeFrom the start of the active hours */
    public void setActiveFrom(LocalTime activeFrom) {
      this.activeFrom = activeFrom;
    }

    /** @return the end of the active hours */
    public LocalTime getActiveUntil() {
      return activeUntil;
    }

    /** @param activeUntil the end of the active hours */
    public void setActiveUntil(LocalTime activeUntil) {
      this.activeUntil = activeUntil;
    }
  }

  /** Someone else is on call for a while. */
  public static class Override {
    /** The person's id. */
    private String person;
    /** From (ISO-8601 instant). */
    private Instant from;
    /** Until (ISO-8601 instant). */
    private Instant until;

    /** @return the person */
    public String getPerson() {
      return person;
    }

    /** @param person the person */
    public void setPerson(String person) {
      this.person = person;
    }

    /** @return from */
    public Instant getFrom() {
      return from;
    }

    /** @param from from */
    public void setFrom(Instant from) {
      this.from = from;
    }

    /** @return until */
    public Instant getUntil() {
      return until;
    }

    /** @param until until */
    public void setUntil(Instant until) {
      this.until = until;
    }
  }

  /** Escalation policies. */
  public static class Escalation {
    /** Policies by name. */
    private Map<String, Policy> policies = new LinkedHashMap<>();

    /** @return the policies */
    public Map<String, Policy> getPolicies() {
      return policies;
    }

    /** @param policies the policies */
    public void setPolicies(Map<String, Policy> policies) {
      this.policies = policies;
    }
  }

  /** One escalation policy. */
  public static class Policy {
    /** The steps, in order. */
    private List<Step> steps = new ArrayList<>();
    /** How many more times the whole list runs when nobody acknowledged. */
    private int repeat;
    /** Channels of the exhausted notification. */
    private List<Channel> onExhaustedDeliver = new ArrayList<>();
    /** People ids told when the policy is exhausted. */
    private List<String> onExhaustedNotify = new ArrayList<>();

    /** @return the steps */
    public List<Step> getSteps() {
      return steps;
    }

    /** @param steps the steps */
    public void setSteps(List<Step> steps) {
      this.steps = steps;
    }

    /** @return the repeat count */
    public int getRepeat() {
      return repeat;
    }

    /** @param repeat the repeat count */
    public void setRepeat(int repeat) {
      this.repeat = repeat;
    }

    /** @return the exhausted notification's channels */
    public List<Channel> getOnExhaustedDeliver() {
      return onExhaustedDeliver;
    }

    /** @param onExhaustedDeliver the exhausted notification's channels */
    public void setOnExhaustedDeliver(List<Channel> onExhaustedDeliver) {
      this.onExhaustedDeliver = onExhaustedDeliver;
    }

    /** @return who is told when exhausted */
    public List<String> getOnExhaustedNotify() {
      return onExhaustedNotify;
    }

    /** @param onExhaustedNotify who is told when exhausted */
    public void setOnExhaustedNotify(List<String> onExhaustedNotify) {
      this.onExhaustedNotify = onExhaustedNotify;
    }
  }

  /** One step: who is paged, how, and how long to wait for an acknowledgement. */
  public static class Step {
    /** People ids paged at this step. */
    private List<String> people = new ArrayList<>();
    /** Schedule names whose on-call person (when the step fires) is paged. */
    private List<String> onCall = new ArrayList<>();
    /** The first tier of channels. */
    private List<Channel> deliver = new ArrayList<>();
    /** Later tiers. */
    private List<List<Channel>> fallback = new ArrayList<>();
    /** How long to wait for an acknowledgement before the next step. */
    private Duration waitForAck;

    /** @return the people */
    public List<String> getPeople() {
      return people;
    }

    /** @param people the people */
    public void setPeople(List<String> people) {
      this.people = people;
    }

    /** @return the schedules */
    public List<String> getOnCall() {
      return onCall;
    }

    /** @param onCall the schedules */
    public void setOnCall(List<String> onCall) {
      this.onCall = onCall;
    }

    /** @return the first tier */
    public List<Channel> getDeliver() {
      return deliver;
    }

    /** @param deliver the first tier */
    public void setDeliver(List<Channel> deliver) {
      this.deliver = deliver;
    }

    /** @return the later tiers */
    public List<List<Channel>> getFallback() {
      return fallback;
    }

    /** @param fallback the later tiers */
    public void setFallback(List<List<Channel>> fallback) {
      this.fallback = fallback;
    }

    /** @return the wait for an acknowledgement */
    public Duration getWaitForAck() {
      return waitForAck;
    }

    /** @param waitForAck the wait for an acknowledgement */
    public void setWaitForAck(Duration waitForAck) {
      this.waitForAck = waitForAck;
    }
  }
}
