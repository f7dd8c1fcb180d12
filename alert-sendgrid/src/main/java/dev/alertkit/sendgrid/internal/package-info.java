/**
 * Implementation of the SendGrid provider: rendering, JSON, error classification, HTTP client set-up. Not an API:
 * free to change between releases.
 */
package dev.alertkit.sendgrid.internal;
