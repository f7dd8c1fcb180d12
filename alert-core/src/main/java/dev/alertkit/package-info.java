/**
 * alertkit's user API: build {@link dev.alertkit.Alert}s and {@link dev.alertkit.Recipient}s, route them with a
 * {@link dev.alertkit.RoutingPolicy}, and send them through the front door, {@link dev.alertkit.AlertClient}, which
 * returns a {@link dev.alertkit.DispatchReport} with exactly one {@link dev.alertkit.Outcome} per recipient.
 *
 * <p>Values are immutable and validated by their builders ({@link dev.alertkit.ValidationException} names the
 * field and the rule). Provider implementations live behind the SPI in {@code dev.alertkit.spi}.
 */
package dev.alertkit;
