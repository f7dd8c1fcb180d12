/**
 * Typed events: what the client did, as immutable records. A listener receives every event through
 * {@link dev.alertkit.AlertListener#onEvent(AlertEvent)} and picks the ones it needs with a {@code switch} over the
 * sealed {@link dev.alertkit.event.AlertEvent} hierarchy (or {@code instanceof}). Every event that concerns recipients
 * names each of them: a batch of 1,000 e-mail recipients is one event with 1,000 recipients.
 */
package dev.alertkit.event;
