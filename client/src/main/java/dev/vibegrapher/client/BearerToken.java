package dev.vibegrapher.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Sends {@code Authorization: Bearer <token>} with every call. The interfaces register it as their
 * headers factory, which takes the token from the MicroProfile Config key {@value #CONFIG_KEY}
 * (read at each call, so a renewed token is used at once); a program with its own token registers
 * {@code new BearerToken(supplier)} on the builder instead (as {@link Vibegrapher} does). A call
 * that already carries an Authorization header keeps it.
 */
public class BearerToken implements ClientHeadersFactory, ClientRequestFilter {

  /** The MicroProfile Config key of the token: a personal access token (vgp_...) or a JWT. */
  public static final String CONFIG_KEY = "vibegrapher.token";

  private final Supplier<Optional<String>> token;

  /** The token from MicroProfile Config's {@value #CONFIG_KEY}, if it is set. */
  public BearerToken() {
    this.token = BearerToken::configured;
  }

  /** The token the supplier gives at each call (none when it gives null or blank). */
  public BearerToken(Supplier<String> token) {
    this.token = () -> Optional.ofNullable(token.get()).filter(t -> !t.isBlank());
  }

  @Override
  public MultivaluedMap<String, String> update(
      MultivaluedMap<String, String> incomingHeaders,
      MultivaluedMap<String, String> clientOutgoingHeaders) {
    // The outgoing headers and the token: right whether an implementation merges this answer
    // with them or sends it instead of them.
    MultivaluedMap<String, String> headers = new MultivaluedHashMap<>(clientOutgoingHeaders);
    if (!clientOutgoingHeaders.containsKey(HttpHeaders.AUTHORIZATION)) {
      token.get().ifPresent(t -> headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t));
    }
    return headers;
  }

  @Override
  public void filter(ClientRequestContext request) {
    if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
      token
          .get()
          .ifPresent(t -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t));
    }
  }

  /** The token as a WebSocket upgrade or another client sends it, if there is one. */
  public Optional<String> token() {
    return token.get();
  }

  private static Optional<String> configured() {
    try {
      return ConfigProvider.getConfig()
          .getOptionalValue(CONFIG_KEY, String.class)
          .filter(t -> !t.isBlank());
    } catch (IllegalStateException noConfiguration) {
      // No MicroProfile Config implementation on the class path: no configured token.
      return Optional.empty();
    }
  }
}
