/**
 * Test support for applications that raise alerts with alertkit: scriptable in-memory providers
 * ({@link dev.alertkit.testkit.FakeProvider}, {@link dev.alertkit.testkit.FakeResponse}), manual time
 * ({@link dev.alertkit.testkit.ManualClock}, {@link dev.alertkit.testkit.ManualScheduler}), a recording listener
 * ({@link dev.alertkit.testkit.RecordingListener}), AssertJ assertions ({@link dev.alertkit.testkit.AlertAssertions})
 * and a JUnit 5 extension ({@link dev.alertkit.testkit.AlertkitExtension}).
 *
 * <p>The fakes, clock, scheduler and listener need no test framework; AssertJ and JUnit are optional
 * dependencies, needed only by {@code AlertAssertions} and {@code AlertkitExtension}.
 *
 * <pre>{@code
 * FakeProvider sms = FakeProvider.sms();
 * ManualClock clock = ManualClock.at("2026-11-28T09:00:00Z");
 * try (AlertClient client = AlertClient.builder().provider(sms).clock(clock)
 *         .scheduler(ManualScheduler.on(clock)).executor(Runnable::run).build()) {
 *   client.send(alert);
 *   assertThat(sms).sentTo("alice").containing("disk 97%");
 * }
 * }</pre>
 */
package dev.alertkit.testkit;
