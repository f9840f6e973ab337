package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.platform.control.WireFormat;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Hands JAX-RS the wire format's JSON-B instance. */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {

  @Override
  public Jsonb getContext(Class<?> type) {
    return WireFormat.JSONB;
  }
}
