package dev.vibegrapher.client.agent;

import java.math.BigDecimal;

/**
 * Running totals of tokens and their price; cost_usd leaves out calls to models without a price.
 */
public record UsageTotals(
    long promptTokens, long completionTokens, long totalTokens, BigDecimal costUsd) {

  public static final UsageTotals NONE = new UsageTotals(0, 0, 0, BigDecimal.ZERO);
}
