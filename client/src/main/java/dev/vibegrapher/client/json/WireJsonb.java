package dev.vibegrapher.client.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The JSON of the wire: snake_case names, nulls written out. The server writes everything with this
 * configuration, and the client's interfaces register this resolver so that JSON-B reads the same;
 * register it on a plain JAX-RS client too ({@code client.register(WireJsonb.class)}).
 */
public class WireJsonb implements ContextResolver<Jsonb> {

  /** A new configuration of the wire's JSON, for a Jsonb of one's own. */
  public static JsonbConfig config() {
    return new JsonbConfig()
        .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
        .withNullValues(true);
  }

  /** The one Jsonb of the wire's configuration, made when first asked for. */
  public static Jsonb jsonb() {
    return Shared.JSONB;
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb();
  }

  private static final class Shared {
    static final Jsonb JSONB = JsonbBuilder.create(config());
  }
}
