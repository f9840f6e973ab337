package dev.vibegrapher.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * One server and one token, for programs that build their clients themselves. In a MicroProfile
 * server, inject the interfaces instead ({@code @Inject @RestClient ProjectsApi projects}) with
 * {@code vibegrapher/mp-rest/uri} and {@value BearerToken#CONFIG_KEY} in its configuration.
 */
public final class Vibegrapher {

  /** The configKey of every interface: {@code vibegrapher/mp-rest/uri=http://host:8080}. */
  public static final String CONFIG_KEY = "vibegrapher";

  private final URI server;
  private final Supplier<String> token;
  private final Map<Class<?>, Object> apis = new ConcurrentHashMap<>();

  private Vibegrapher(URI server, Supplier<String> token) {
    this.server = server;
    this.token = token;
  }

  /** The server at its root (e.g. http://localhost:8080), called with this bearer token. */
  public static Vibegrapher at(URI server, String token) {
    return at(server, () -> token);
  }

  /** The server at its root, called with the token the supplier gives at each call. */
  public static Vibegrapher at(URI server, Supplier<String> token) {
    return new Vibegrapher(server, token);
  }

  /** An interface of the client, e.g. {@code api(ProjectsApi.class)}, built once. */
  public <T> T api(Class<T> type) {
    return type.cast(
        apis.computeIfAbsent(
            type,
            t ->
                RestClientBuilder.newBuilder()
                    .baseUri(server)
                    .register(new BearerToken(token))
                    .build(t)));
  }

  public ProjectsApi projects() {
    return api(ProjectsApi.class);
  }

  public TestCasesApi testCases() {
    return api(TestCasesApi.class);
  }

  public SessionsApi sessions() {
    return api(SessionsApi.class);
  }

  public DiffsApi diffs() {
    return api(DiffsApi.class);
  }

  public TokensApi tokens() {
    return api(TokensApi.class);
  }

  public AuditApi audit() {
    return api(AuditApi.class);
  }

  public AgentsApi agents() {
    return api(AgentsApi.class);
  }

  public IdentityApi identity() {
    return api(IdentityApi.class);
  }

  public EventsApi events() {
    return api(EventsApi.class);
  }

  /** A WebSocket connection to the server's rooms, handing every frame to the listener. */
  public ProjectRoom room(ProjectRoom.Listener listener) {
    return ProjectRoom.connect(server, token, listener);
  }
}
