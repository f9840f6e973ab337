package dev.vibegrapher.identity.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which web pages may open a WebSocket with their user's token: the dashboard's own origin, and
 * those listed in VIBEGRAPHER_ALLOWED_ORIGINS. Without the check, any page the user visits could
 * connect with a token it got hold of; clients that are not browsers send no Origin.
 */
@ApplicationScoped
public class AllowedOrigins {

  @Inject
  @ConfigProperty(name = "vibegrapher.allowed-origins")
  Optional<String> configured;

  private Set<String> listed;

  boolean allows(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = request.getHeader("Host");
    return listed().contains(origin) || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
  }

  private Set<String> listed() {
    if (listed == null) {
      listed = Arrays.stream(configured.orElse("").split(",")).map(String::strip).filter(value -> !value.isEmpty())
          .map(value -> value.replaceAll("/+$", "")).collect(Collectors.toUnmodifiableSet());
    }
    return listed;
  }
}
