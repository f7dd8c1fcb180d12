/**
 * Durable, shared alertkit state on PostgreSQL: {@link dev.alertkit.jdbc.JdbcStores} (the front door and migrations),
 * {@link dev.alertkit.jdbc.JdbcAlertStateStore} (dedup claims), {@link dev.alertkit.jdbc.JdbcDeliveryStore} (delivery
 * status, webhook dedup), {@link dev.alertkit.jdbc.JdbcIncidentStore} (incidents and escalation state),
 * {@link dev.alertkit.jdbc.JdbcTimerService} (durable timers on db-scheduler) and
 * {@link dev.alertkit.jdbc.JdbcDispatchJournal} (marks and reports that let another instance resume a dispatch).
 */
package dev.alertkit.jdbc;
