package dev.alertkit.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Who is on call: rotations on the wall clock across DST changes, layers, overrides, and the reason given. */
class OnCallScheduleTest {
  static final Recipient ALICE = Recipient.builder("alice").phone("+14155550100").build();
  static final Recipient BOB = Recipient.builder("bob").phone("+14155550101").build();
  static final Recipient CAROL = Recipient.builder("carol").phone("+14155550102").build();

  static OnCallSchedule daily(String zone, String startDate) {
    return OnCallSchedule.builder("ops").layer(Rotation.builder("primary").participants(ALICE, BOB).shift(Duration.ofDays(1))
        .handoff(LocalDate.parse(startDate), LocalTime.of(9, 0), ZoneId.of(zone)).build()).build();
  }

  /** Bob's shift is the one that crosses the change: 23 hours in spring, 25 in autumn, ending at 09:00 local. */
  @ParameterizedTest(name = "{0} from {1}: bob until {2}, alice from {3}")
  @CsvSource({
      "Europe/London,    2026-03-27, 2026-03-29T07:59:59Z, 2026-03-29T08:00:00Z, 23",
      "Europe/London,    2026-10-23, 2026-10-25T08:59:59Z, 2026-10-25T09:00:00Z, 25",
      "America/New_York, 2026-03-06, 2026-03-08T12:59:59Z, 2026-03-08T13:00:00Z, 23",
      "America/New_York, 2026-10-30, 2026-11-01T13:59:59Z, 2026-11-01T14:00:00Z, 25"})
  void aDailyShiftThatCrossesADstChangeEndsAtTheHandoffWallClockTime(String zone, String start, String lastBob, String firstAlice,
      int bobsHours) {
    OnCallSchedule ops = daily(zone, start);

    OnCall before = ops.onCallAt(Instant.parse(lastBob));
    OnCall after = ops.onCallAt(Instant.parse(firstAlice));

    assertThat(before.recipientIds()).containsExactly("bob");
    assertThat(after.recipientIds()).containsExactly("alice");
    assertThat(after.at().atZone(ZoneId.of(zone)).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
    Rotation.Shift bobs = ops.layers().get(0).shiftAt(Instant.parse(lastBob)).orElseThrow();
    assertThat(Duration.between(bobs.from(), bobs.until())).isEqualTo(Duration.ofHours(bobsHours));
    assertThat(before.reason()).isEqualTo("bob by layer 'primary' shift 2 (" + bobs.from().toLocalDate() + " 09:00 "
        + bobs.from().getOffset().getId().replace("Z", "+00:00") + " [" + zone + "] to " + bobs.until().toLocalDate() + " 09:00 "
        + bobs.until().getOffset().getId().replace("Z", "+00:00") + " [" + zone + "])");
  }

  @Test
  void twelveHourShiftsStayAtEightAndTwentyLocalAcrossTheSpringChange() {
    Rotation r = Rotation.builder("follow-the-sun").participants(ALICE, BOB).shift(Duration.ofHours(12))
        .handoff(LocalDate.of(2026, 3, 28), LocalTime.of(8, 0), ZoneId.of("Europe/London")).build();

    // 2026-03-29 08:00 BST is 07:00Z: alice's day shift starts at local 08:00 although the night shift lasted 11 hours
    assertThat(r.shiftAt(Instant.parse("2026-03-29T06:59:59Z")).orElseThrow().recipient().id()).isEqualTo("bob");
    assertThat(r.shiftAt(Instant.parse("2026-03-29T07:00:00Z")).orElseThrow().recipient().id()).isEqualTo("alice");
    assertThat(r.shiftAt(Instant.parse("2026-03-29T19:00:00Z")).orElseThrow().recipient().id()).isEqualTo("bob");
  }

  @Test
  void aWeeklyRotationCyclesThroughItsParticipantsAndNobodyIsOnCallBeforeItStarts() {
    OnCallSchedule ops = OnCallSchedule.builder("ops").layer(Rotation.builder("weekly").participants(ALICE, BOB, CAROL)
        .shift(Duration.ofDays(7)).handoff(LocalDate.of(2026, 1, 5), LocalTime.of(9, 0), ZoneId.of("America/New_York")).build())
        .build();

    assertThat(ops.onCallAt(Instant.parse("2026-01-05T13:59:00Z")).recipients()).isEmpty();
    assertThat(ops.onCallAt(Instant.parse("2026-01-05T14:00:00Z")).recipientIds()).containsExactly("alice");
    assertThat(ops.onCallAt(Instant.parse("2026-01-12T14:00:00Z")).recipientIds()).containsExactly("bob");
    assertThat(ops.onCallAt(Instant.parse("2026-01-19T14:00:00Z")).recipientIds()).containsExactly("carol");
    assertThat(ops.onCallAt(Instant.parse("2026-01-26T14:00:00Z")).recipientIds()).containsExactly("alice");
    // shift 11 (10 weeks later), across the March change: still Monday 09:00 local (13:00Z in EDT)
    assertThat(ops.onCallAt(Instant.parse("2026-03-16T12:59:00Z")).recipientIds()).containsExactly("alice");
    assertThat(ops.onCallAt(Instant.parse("2026-03-16T13:00:00Z")).recipientIds()).containsExactly("bob");
  }

  @Test
  void aBusinessHoursLayerAboveTheTwentyFourSevenLayerWinsDuringItsHours() {
    ZoneId london = ZoneId.of("Europe/London");
    OnCallSchedule ops = OnCallSchedule.builder("ops")
        .layer(Rotation.builder("24/7").participants(ALICE).handoff(LocalDate.of(2026, 1, 1), LocalTime.of(9, 0), london).build())
        .layer(Rotation.builder("office").participants(BOB).handoff(LocalDate.of(2026, 1, 1), LocalTime.of(9, 0), london)
            .activeBetween(LocalTime.of(9, 0), LocalTime.of(17, 0)).build())
        .build();

    assertThat(ops.onCallAt(Instant.parse("2026-02-03T12:00:00Z")).recipientIds()).containsExactly("bob");
    assertThat(ops.onCallAt(Instant.parse("2026-02-03T12:00:00Z")).reason()).startsWith("bob by layer 'office'");
    assertThat(ops.onCallAt(Instant.parse("2026-02-03T18:00:00Z")).recipientIds()).containsExactly("alice");
  }

  @Test
  void anOverrideReplacesWhoeverTheLayersSayForItsTimeRange() {
    OnCallSchedule ops = OnCallSchedule.builder("ops").layer(Rotation.builder("primary").participants(ALICE)
            .handoff(LocalDate.of(2026, 1, 1), LocalTime.of(9, 0), ZoneId.of("UTC")).build())
        .override(CAROL, Instant.parse("2026-02-03T10:00:00Z"), Instant.parse("2026-02-03T12:00:00Z"))
        .build();

    OnCall during = ops.onCallAt(Instant.parse("2026-02-03T10:00:00Z"));

    assertThat(during.recipientIds()).containsExactly("carol");
    assertThat(during.reason()).isEqualTo("carol by override 2026-02-03T10:00:00Z to 2026-02-03T12:00:00Z, replacing alice of layer 'primary'");
    assertThat(ops.onCallAt(Instant.parse("2026-02-03T12:00:00Z")).recipientIds()).containsExactly("alice");
    assertThat(ops.onCallAt(Instant.parse("2026-02-03T09:59:59Z")).recipientIds()).containsExactly("alice");
  }

  @Test
  void validationNamesTheRotationAndTheRule() {
    assertThatThrownBy(() -> Rotation.builder("primary").handoff(LocalDate.of(2026, 1, 1), LocalTime.NOON, ZoneId.of("UTC")).build())
        .isInstanceOf(ValidationException.class).hasMessage("rotation[primary].participants: at least one participant is required");
    assertThatThrownBy(() -> Rotation.builder("primary").shift(Duration.ofSeconds(30)))
        .hasMessage("rotation[primary].shift: must be between 1 minute and 366 days (was PT30S)");
    assertThatThrownBy(() -> OnCallSchedule.builder("ops").override(ALICE, Instant.EPOCH, Instant.EPOCH))
        .hasMessageStartingWith("override.until: must be after from");
  }
}
