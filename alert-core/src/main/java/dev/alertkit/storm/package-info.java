/**
 * Alert storms: {@link dev.alertkit.storm.StormControl} sits in front of an {@code AlertClient}, caps how many
 * notifications a person gets per channel and window (holding the rest and folding them into the next allowed
 * notification, "+12 more alerts since 02:10"), and optionally groups alerts by labels into digests
 * (Alertmanager's {@code group_by}, {@code group_wait}, {@code group_interval}). Nothing is dropped: every alert
 * ends, for every recipient, as sent or folded into a digest that was sent.
 */
package dev.alertkit.storm;
