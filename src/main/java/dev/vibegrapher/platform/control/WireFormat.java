package dev.vibegrapher.platform.control;

import dev.vibegrapher.client.json.WireJsonb;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * The one JSON-B configuration of everything the server writes: snake_case, nulls written out. It
 * is the client's ({@link WireJsonb#config()}), so both ends read what the other writes.
 */
public final class WireFormat {

  public static final Jsonb JSONB = JsonbBuilder.create(WireJsonb.config());

  private WireFormat() {}
}
