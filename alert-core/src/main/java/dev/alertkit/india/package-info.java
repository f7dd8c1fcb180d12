/**
 * India DLT compliance (TRAI TCCCPR 2018): a registry of what a business registered on the DLT platform
 * ({@link dev.alertkit.india.DltRegistry}: principal entity id, headers, content templates, whitelisted URLs,
 * call-back numbers; built by code or loaded from a CSV export) and the compliance guard
 * {@link dev.alertkit.india.IndiaDlt} that checks every SMS to a {@code +91} number before it leaves the process:
 * the text must match a template exactly (only placeholders vary, each value at most 30 characters and of its
 * type), the header must be registered for that template, every URL must be whitelisted and promotional
 * templates are sent only inside the promotional window (10:00–21:00 Asia/Kolkata by default).
 *
 * <pre>{@code
 * DltRegistry registry = DltRegistry.builder("1101234567890123456")
 *     .loadCsv(Path.of("dlt-templates.csv"))
 *     .whitelistUrl("https://alertkit.dev/status")
 *     .build();
 * AlertClient client = AlertClient.builder()
 *     // providers, routing ...
 *     .compliance(IndiaDlt.of(registry))
 *     .build();
 * }</pre>
 */
package dev.alertkit.india;
