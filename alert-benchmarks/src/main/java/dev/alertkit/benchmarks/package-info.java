/**
 * Benchmarks of alertkit against the raw Twilio and SendGrid SDKs, on loopback, and the program that runs them all
 * and writes BENCHMARKS.md ({@link dev.alertkit.benchmarks.RunAll}). Not a library: nothing here is API.
 */
package dev.alertkit.benchmarks;
