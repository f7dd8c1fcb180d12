/**
 * Cost and storm control: what an attempt costs before it is sent ({@link dev.alertkit.cost.PriceTable},
 * {@link dev.alertkit.cost.CostEstimator}), spend limits per channel and period with a policy per severity
 * ({@link dev.alertkit.cost.Budget}, {@link dev.alertkit.cost.CostControl}), what was estimated and what the
 * provider charged per attempt and per alert ({@link dev.alertkit.cost.CostLedger}).
 *
 * <p>Cost control plugs into the client as a compliance guard (it runs per outbound message, after the other
 * guards, and may reject a channel so that routing falls back) and a listener (it learns which attempts were sent
 * and what the provider charged):
 *
 * <pre>{@code
 * CostControl cost = CostControl.builder()
 *     .prices(PriceTable.fromCsv(reader))
 *     .zone(ZoneId.of("Asia/Kolkata"))
 *     .budget(Budget.daily("sms-per-day", new BigDecimal("25")).channels(Channel.SMS).build())
 *     .build();
 * AlertClient client = AlertClient.builder()...compliance(cost.guard()).listener(cost.listener()).build();
 * }</pre>
 */
package dev.alertkit.cost;
