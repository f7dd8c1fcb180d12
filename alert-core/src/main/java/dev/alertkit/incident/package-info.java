/**
 * Incidents and escalation: {@link dev.alertkit.AlertClient#raise} opens an {@link dev.alertkit.incident.Incident}
 * for an alert and pages the steps of an {@link dev.alertkit.incident.EscalationPolicy} one after the other until
 * somebody acknowledges (voice "press 1", an SMS or WhatsApp reply code, a signed link, or the API), the incident is
 * resolved, or every step of every round has been paged ({@link dev.alertkit.incident.IncidentState#EXHAUSTED}).
 *
 * <p>State lives behind {@link dev.alertkit.spi.IncidentStore} (every transition a compare-and-set) and step timers
 * behind {@link dev.alertkit.spi.TimerService}, so that a durable implementation can share them between instances.
 */
package dev.alertkit.incident;
