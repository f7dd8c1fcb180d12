/**
 * On-call schedules: {@link dev.alertkit.oncall.Rotation rotations} (participants in order, a shift length, a
 * handoff time in a zone), stacked in layers, with time-ranged {@link dev.alertkit.oncall.OnCallOverride overrides};
 * {@link dev.alertkit.oncall.OnCallSchedule#onCallAt} answers who is on call at an instant and why. Shifts whose
 * length divides a day or is a whole number of days follow the wall clock, so a daily shift ends at the handoff
 * time also on the days the clocks change.
 */
package dev.alertkit.oncall;
