/**
 * Implementation details of the Twilio module (HTTP client, error classification). Not an API: free to change
 * without notice.
 */
package dev.alertkit.twilio.internal;
