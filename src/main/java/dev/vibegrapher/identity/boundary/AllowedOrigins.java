package dev.vibegrapher.identity.boundary;

import jakarta.annotation.PostConstruct;
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

  @Inject
  @ConfigProperty(name = "vibegrapher.public-url")
  Optional<String> publicUrl;

  private Set<String> listed;
  private Optional<String> publicOrigin;

  @PostConstruct
  void readSettings() {
    listed =
        Arrays.stream(configured.orElse("").split(","))
            .map(String::strip)
            .filter(value -> !value.isEmpty())
            .map(value -> value.replaceAll("/+$", ""))
            .collect(Collectors.toUnmodifiableSet());
    publicOrigin = publicUrl.filter(url -> !url.isBlank()).map(AllowedOrigins::originOf);
  }

  boolean allows(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    if (listed.contains(origin)) {
      return true;
    }
    // With the public address known, a page's origin is compared with it, not with the Host header,
    // which a DNS-rebinding page makes match its own origin.
    if (publicOrigin.isPresent()) {
      return origin.equals(publicOrigin.get());
    }
    String host = request.getHeader("Host");
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  private static String originOf(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url.strip());
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException notAUrl) {
      throw new IllegalStateException(
          "VIBEGRAPHER_PUBLIC_URL must be an address such as https://vibe.example.com, not '"
              + url
              + "'",
          notAUrl);
    }
  }
}
