package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A condition a routing {@link Rule} matches on: the alert's severity and labels, the recipient's attributes,
 * and the time. Combine with {@link #and}, {@link #or} and {@link #not}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Match.severityAtLeast(Severity.CRITICAL).and(Match.label("service", "db"));
 * Match.recipientCountry("IN");
 * Match.labelMatches("host", "db-[0-9]+").and(Match.between(LocalTime.of(9, 0), LocalTime.of(18, 0), ZoneId.of("Asia/Kolkata")));
 * }</pre>
 */
public abstract class Match {
  private final String description;

  private Match(String description) {
    this.description = description;
  }

  /**
   * Tests the condition.
   *
   * @param alert the alert
   * @param recipient the recipient being routed
   * @param now the client clock's reading
   * @return true when the condition holds
   */
  public abstract boolean test(Alert alert, Recipient recipient, Instant now);

  private static Match of(String description, Predicate p) {
    return new Match(description) {
      @Override
      public boolean test(Alert alert, Recipient recipient, Instant now) {
        return p.test(alert, recipient, now);
      }
    };
  }

  private interface Predicate {
    boolean test(Alert alert, Recipient recipient, Instant now);
  }

  /** @return a condition that always holds */
  public static Match always() {
    return of("always", (a, r, n) -> true);
  }

  /**
   * The alert has exactly this severity.
   *
   * @param severity the severity
   * @return the condition
   * @throws ValidationException when severity is null
   */
  public static Match severity(Severity severity) {
    Checks.notNull("match.severity", severity);
    return of("severity=" + severity, (a, r, n) -> a.severity() == severity);
  }

  /**
   * The alert has this severity or a more urgent one.
   *
   * @param severity the lowest severity that matches
   * @return the condition
   * @throws ValidationException when severity is null
   */
  public static Match severityAtLeast(Severity severity) {
    Checks.notNull("match.severityAtLeast", severity);
    return of("severity>=" + severity, (a, r, n) -> a.severity().isAtLeast(severity));
  }

  /**
   * The alert has a label with exactly this value.
   *
   * @param key the label key
   * @param value the value
   * @return the condition
   * @throws ValidationException when key or value is null
   */
  public static Match label(String key, String value) {
    Checks.notNull("match.label.key", key);
    Checks.notNull("match.label.value", value);
    return of(key + "=" + value, (a, r, n) -> value.equals(a.labels().get(key)));
  }

  /**
   * The alert has a label whose whole value matches a regular expression.
   *
   * @param key the label key
   * @param regex a {@link Pattern} expression, matched against the whole value
   * @return the condition
   * @throws ValidationException when key is null or the expression does not compile
   */
  public static Match labelMatches(String key, String regex) {
    Checks.notNull("match.labelMatches.key", key);
    Checks.notNull("match.labelMatches.regex", regex);
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ValidationException("match.labelMatches[" + key + "]", "'" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
    return of(key + "=~" + regex, (a, r, n) -> {
      String v = a.labels().get(key);
      return v != null && p.matcher(v).matches();
    });
  }

  /**
   * The alert has a label with this key, whatever its value.
   *
   * @param key the label key
   * @return the condition
   * @throws ValidationException when key is null
   */
  public static Match labelExists(String key) {
    Checks.notNull("match.labelExists", key);
    return of("has(" + key + ")", (a, r, n) -> a.labels().containsKey(key));
  }

  /**
   * The recipient's phone number belongs to a country, e.g. {@code "IN"} for +91.
   *
   * @param region ISO 3166 two-letter region code
   * @return the condition
   * @throws ValidationException when the region code is unknown
   */
  public static Match recipientCountry(String region) {
    if (!dev.alertkit.spi.support.PhoneNumbers.isKnownRegion(region)) {
      throw new ValidationException("match.recipientCountry", "'" + region + "' is not a known ISO 3166 region code");
    }
    return of("country=" + region, (a, r, n) -> r.phoneRegion().map(region::equals).orElse(false));
  }

  /**
   * The recipient can be reached on a channel (has an address and has not opted out).
   *
   * @param channel the channel
   * @return the condition
   * @throws ValidationException when channel is null
   */
  public static Match recipientCanReceive(Channel channel) {
    Checks.notNull("match.recipientCanReceive", channel);
    return of("can(" + channel + ")", (a, r, n) -> r.canReceive(channel));
  }

  /**
   * The recipient has an attribute with exactly this value.
   *
   * @param key the attribute key
   * @param value the value
   * @return the condition
   * @throws ValidationException when key or value is null
   */
  public static Match recipientAttribute(String key, String value) {
    Checks.notNull("match.recipientAttribute.key", key);
    Checks.notNull("match.recipientAttribute.value", value);
    return of("recipient." + key + "=" + value, (a, r, n) -> value.equals(r.attributes().get(key)));
  }

  /**
   * The client's clock reads a local time in {@code [from, to)} in a zone; a window may cross midnight.
   *
   * @param from first matching local time
   * @param to first local time that no longer matches
   * @param zone the zone the times are meant in
   * @return the condition
   * @throws ValidationException when an argument is null or from equals to
   */
  public static Match between(LocalTime from, LocalTime to, ZoneId zone) {
    Checks.notNull("match.between.zone", zone);
    QuietHours window;
    try {
      window = QuietHours.of(from, to);
    } catch (ValidationException e) {
      throw new ValidationException("match.between", e.getMessage());
    }
    return of("time in " + window + " " + zone, (a, r, n) -> window.contains(n, zone));
  }

  /**
   * The client's clock reads one of these days of the week in a zone.
   *
   * @param zone the zone
   * @param days the days
   * @return the condition
   * @throws ValidationException when zone is null or no day is given
   */
  public static Match onDays(ZoneId zone, DayOfWeek... days) {
    Checks.notNull("match.onDays.zone", zone);
    if (days.length == 0) {
      throw new ValidationException("match.onDays", "at least one day is required");
    }
    Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (DayOfWeek d : days) {
      set.add(Checks.notNull("match.onDays", d));
    }
    return of("days " + set + " " + zone, (a, r, n) -> set.contains(ZonedDateTime.ofInstant(n, zone).getDayOfWeek()));
  }

  /**
   * Both conditions hold.
   *
   * @param other the other condition
   * @return the combined condition
   */
  public Match and(Match other) {
    Objects.requireNonNull(other, "other");
    Match self = this;
    return of("(" + this + " and " + other + ")", (a, r, n) -> self.test(a, r, n) && other.test(a, r, n));
  }

  /**
   * Either condition holds.
   *
   * @param other the other condition
   * @return the combined condition
   */
  public Match or(Match other) {
    Objects.requireNonNull(other, "other");
    Match self = this;
    return of("(" + this + " or " + other + ")", (a, r, n) -> self.test(a, r, n) || other.test(a, r, n));
  }

  /**
   * The condition does not hold.
   *
   * @param match the condition
   * @return the negation
   */
  public static Match not(Match match) {
    Objects.requireNonNull(match, "match");
    return of("not " + match, (a, r, n) -> !match.test(a, r, n));
  }

  /**
   * All conditions hold.
   *
   * @param matches the conditions
   * @return the combined condition
   */
  public static Match all(List<Match> matches) {
    List<Match> copy = List.copyOf(matches);
    return of(copy.stream().map(Match::toString).collect(Collectors.joining(" and ", "(", ")")),
        (a, r, n) -> copy.stream().allMatch(m -> m.test(a, r, n)));
  }

  @Override
  public String toString() {
    return description;
  }
}
