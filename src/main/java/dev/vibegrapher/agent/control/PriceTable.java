package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prices per model in US dollars per million tokens: input, cached input, output. Configured as
 * {@code model=input/cached/output} entries separated by commas; a model without a price costs
 * nothing visible (cost_usd null) rather than a guess.
 */
@ApplicationScoped
public class PriceTable {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Map<String, Price> prices = new HashMap<>();

  PriceTable() {}

  @Inject
  PriceTable(@ConfigProperty(name = "vibegrapher.prices") String table) {
    for (String entry : table.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] modelAndPrices = entry.trim().split("=", 2);
      String[] parts = modelAndPrices.length == 2 ? modelAndPrices[1].split("/") : new String[0];
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "vibegrapher.prices entry \"" + entry.trim() + "\" is not model=input/cached/output");
      }
      prices.put(
          modelAndPrices[0].trim(),
          new Price(
              new BigDecimal(parts[0].trim()),
              new BigDecimal(parts[1].trim()),
              new BigDecimal(parts[2].trim())));
    }
  }

  public Optional<BigDecimal> cost(TokenUsage usage) {
    Price price = prices.get(usage.model());
    if (price == null) {
      return Optional.empty();
    }
    long cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
    BigDecimal perMillion =
        price
            .input()
            .multiply(BigDecimal.valueOf(usage.promptTokens() - cached))
            .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
            .add(price.output().multiply(BigDecimal.valueOf(usage.completionTokens())));
    return Optional.of(perMillion.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros());
  }

  private record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {}
}
