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

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.oidc.client-id")
  Optional<String> clientId;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.oidc.authority")
  Optional<String> authority;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.oidc.scope")
  String scope;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.oidc.bearer")
  String bearer;

  @Inject
  @ConfigProperty(name = "vibegrapher.identity.token-login")
  boolean tokenLogin;

  /** Which of the provider's tokens the dashboard sends: the access token, or the ID token. */
  public static final Set<String> BEARERS = Set.of("access_token", "id_token");

  /**
   * How the dashboard signs people in at the provider (OpenID Connect authorization code flow with
   * PKCE, a public client): all of it is public, a browser sees it anyway.
   *
   * @param authority the provider's issuer URL, where its discovery document is found
   * @param bearer {@code access_token} or {@code id_token}: the one this server can check
   */
  public record BrowserLogin(String authority, String clientId, String scope, String bearer) {}

  /** The provider's browser login, when a provider and the dashboard's client id are configured. */
  public Optional<BrowserLogin> browserLogin() {
    if (keyLocation.filter(location -> !location.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    return clientId
        .filter(id -> !id.isBlank())
        .map(
            id ->
                new BrowserLogin(
                    authority
                        .filter(url -> !url.isBlank())
                        .or(() -> issuer.filter(url -> !url.isBlank()))
                        .orElseThrow()
                        .strip(),
                    id.strip(),
                    scope.strip(),
                    bearer.strip()));
  }

  /**
   * Whether the dashboard offers to paste a token. With no browser login at the provider it always
   * does, or nobody could get in; the API accepts access tokens either way.
   */
  public boolean tokenLogin() {
    return tokenLogin || browserLogin().isEmpty();
  }

  /** The provider's settings, when one is configured. */
  public Optional<ProviderTokens.Settings> provider() {
    return keyLocation
        .filter(location -> !location.isBlank())
        .map(
            location ->
                new ProviderTokens.Settings(
                    location,
                    issuer
                        .filter(value -> !value.isBlank())
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "mp.jwt.verify.publickey.location is set but mp.jwt.verify.issuer is not: tokens of any issuer would pass")),
                    audiences(),
                    groupsClaim,
                    Duration.ofSeconds(clockSkewSeconds),
                    Duration.ofSeconds(keyCacheSeconds),
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

  /**
   * Fails the start when the configured admin token is too short to be a secret, or when the
   * dashboard's provider login could only lead to tokens this server refuses.
   */
  void checkSettings(@Observes DatabaseReady ready) {
    if (adminToken().isPresent() && adminToken().get().length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalStateException(
          "VIBEGRAPHER_ADMIN_TOKEN must be at least "
              + MIN_ADMIN_TOKEN_LENGTH
              + " characters (random ones: openssl rand -base64 32)");
    }
    if (clientId.filter(id -> !id.isBlank()).isPresent()
        && keyLocation.filter(location -> !location.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "VIBEGRAPHER_IDENTITY_OIDC_CLIENT_ID is set but MP_JWT_VERIFY_PUBLICKEY_LOCATION is not:"
              + " the provider's tokens could not be checked");
    }
    if (!BEARERS.contains(bearer.strip())) {
      throw new IllegalStateException(
          "VIBEGRAPHER_IDENTITY_OIDC_BEARER must be access_token or id_token, not " + bearer);
    }
  }

  private Set<String> audiences() {
    return Arrays.stream(audiences.orElse("").split(","))
        .map(String::strip)
        .filter(value -> !value.isEmpty())
        .collect(Collectors.toSet());
  }
}
