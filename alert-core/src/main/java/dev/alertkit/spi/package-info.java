/**
 * The service provider interface: for people who write a channel provider
 * ({@link dev.alertkit.spi.ChannelProvider}), a compliance guard ({@link dev.alertkit.spi.ComplianceGuard}), a reachability check
 * ({@link dev.alertkit.spi.ContactCheck}) or a
 * state store ({@link dev.alertkit.spi.AlertStateStore}). Application code normally does not need these types
 * except to script failures in tests ({@link dev.alertkit.Failure}).
 */
package dev.alertkit.spi;
