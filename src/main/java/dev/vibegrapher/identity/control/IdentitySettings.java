package dev.vibegrapher.identity.control;

import dev.vibegrapher.platform.control.DatabaseReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How callers prove who they are. The provider is configured with the MicroProfile JWT keys every
 * MicroProfile operator knows; the admin token is an operator's bearer. Secrets are kept here and
 * never printed.
 */
@ApplicationScoped
public class IdentitySettings {

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> keyLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  Optional<String> audiences;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew")
  long clockSkewSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.groups-claim")
  String groupsClaim;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.role-mapping")
  Optional<String> roleMapping;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.jwks-cache-seconds")
  long keyCacheSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.jwks-min-refresh-seconds")
  long minRefreshSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.admin-token")
  Optional<String> adminToken;

  /** The provider's settings, when one is configured. */
  public Optional<ProviderTokens.Settings> provider() {
    return keyLocation.filter(location -> !location.isBlank()).map(location -> new ProviderTokens.Settings(location,
        issuer.filter(value -> !value.isBlank()).orElseThrow(() -> new IllegalStateException(
            "mp.jwt.verify.publickey.location is set but mp.jwt.verify.issuer is not: tokens of any issuer would pass")),
        audiences(), groupsClaim, Duration.ofSeconds(clockSkewSeconds), Duration.ofSeconds(keyCacheSeconds),
        Duration.ofSeconds(minRefreshSeconds)));
  }

  public RoleMapping roleMapping() {
    return RoleMapping.parse(roleMapping.orElse(""));
  }

  /** An operator's token this short could be guessed; it opens nothing, and the start fails. */
  public static final int MIN_ADMIN_TOKEN_LENGTH = 32;

  public Optional<String> adminToken() {
    return adminToken.filter(token -> !token.isBlank());
  }

  /** Fails the start when the configured admin token is too short to be a secret. */
  void checkAdminToken(@Observes DatabaseReady ready) {
    if (adminToken().isPresent() && adminToken().get().length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalStateException("VIBEGRAPHER_ADMIN_TOKEN must be at least " + MIN_ADMIN_TOKEN_LENGTH
          + " characters (random ones: openssl rand -base64 32)");
    }
  }

  private Set<String> audiences() {
    return Arrays.stream(audiences.orElse("").split(",")).map(String::strip).filter(value -> !value.isEmpty()).collect(Collectors.toSet());
  }
}
