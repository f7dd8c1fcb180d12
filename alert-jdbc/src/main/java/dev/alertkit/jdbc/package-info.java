/**
 * Durable, shared alertkit state on PostgreSQL: {@link dev.alertkit.jdbc.JdbcStores} (the front door and migrations),
 * {@link dev.alertkit.jdbc.JdbcAlertStateStore} (dedup claims), {@link dev.alertkit.jdbc.JdbcDeliveryStore} (delivery
 * status, webhook dedup) and {@link dev.alertkit.jdbc.JdbcTimerService} (durable timers on db-scheduler).
 */
package dev.alertkit.jdbc;
