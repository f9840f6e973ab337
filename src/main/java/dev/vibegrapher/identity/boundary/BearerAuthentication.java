package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.identity.control.Authenticator;
import dev.vibegrapher.identity.control.InvalidToken;
import dev.vibegrapher.identity.control.Secrets;
import dev.vibegrapher.identity.entity.Authentication;
import dev.vibegrapher.identity.entity.CallerPrincipal;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.boundary.DataHeaders;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.boundary.ProblemExceptionMapper;
import dev.vibegrapher.platform.boundary.StartingGate;
import dev.vibegrapher.platform.control.DatabaseMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The one authentication of every request: a bearer (our access token, the operator's admin token,
 * or the organisation's JWT) in {@code Authorization}, or, for a browser's WebSocket, which cannot
 * set that header, in {@code Sec-WebSocket-Protocol} (docs/realtime.md). The API, /ws, the SSE
 * stream, /metrics and /openapi need a caller; /health, the dashboard's static files and its login
 * options (what the page must know before anyone has logged in) do not. The caller's role and every
 * role below it become the container's groups, so {@code @RolesAllowed} on a resource method names
 * the least role it needs. Git's smart HTTP under /git/ (clones and fetches) takes the same tokens,
 * and also as the password of HTTP Basic, which is what git sends from a URL or a credential
 * helper; its 401 asks for Basic, so git asks for credentials.
 */
@ApplicationScoped
public class BearerAuthentication implements HttpAuthenticationMechanism {

  /**
   * A browser's WebSocket names its bearer as a subprotocol "bearer.TOKEN", beside the one the
   * real-time feature speaks.
   */
  static final String SUBPROTOCOL_BEARER_PREFIX = "bearer.";

  /** What a 401 under /git/ asks for: git answers Basic, never Bearer, with its credentials. */
  static final String GIT_CHALLENGE = "Basic realm=\"vibegrapher\"";

  private static final Logger LOG = Logger.getLogger(BearerAuthentication.class.getName());

  @Inject Authenticator authenticator;
  @Inject DatabaseMigrations startUp;
  @Inject AllowedOrigins origins;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    // The path the container routes by (decoded, dot segments and doubled slashes resolved).
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    // Before any bearer is looked at: the page asks this before a login, and a stale token it may
    // still hold must not turn the answer into a 401.
    if (path.equals(LoginOptionsResource.PATH) && openToAnyone(path, canonicalRaw(request))) {
      return context.doNothing();
    }
    boolean webSocket = path.equals("/ws");
    if (webSocket && !origins.allows(request)) {
      return refuse(
          response,
          new ProblemException(
              Response.Status.FORBIDDEN,
              "origin-not-allowed",
              "WebSocket connections from this origin are not allowed (VIBEGRAPHER_ALLOWED_ORIGINS).",
              Map.of()));
    }
    boolean git = isGit(path);
    String challenge = git ? GIT_CHALLENGE : "Bearer";
    Optional<String> bearer = git ? gitBearer(request) : bearer(request, webSocket);
    if (bearer.isEmpty()) {
      if (git) {
        return refuse(
            response,
            unauthorized("This needs a caller: send a token as the password of HTTP Basic."),
            challenge);
      }
      if (needsCaller(path) || context.isProtected() || needsCaller(canonicalRaw(request))) {
        return refuse(
            response, unauthorized("This needs a caller: send 'Authorization: Bearer <token>'."));
      }
      return context.doNothing();
    }
    if (bearer.get().startsWith(Secrets.PREFIX) && !startUp.isStarted()) {
      return refuse(response, StartingGate.starting());
    }
    Authentication authentication;
    try {
      authentication = authenticator.authenticate(bearer.get());
    } catch (InvalidToken invalid) {
      LOG.info(
          () ->
              "Refused a bearer for "
                  + request.getMethod()
                  + " "
                  + path
                  + " from "
                  + request.getRemoteAddr()
                  + ": "
                  + invalid.getMessage());
      return refuse(
          response,
          unauthorized("The bearer token is not valid: it may have expired or been revoked."),
          challenge);
    } catch (Authenticator.NoRole noRole) {
      LOG.info(
          () ->
              "Refused "
                  + noRole.identity().subject()
                  + " for "
                  + request.getMethod()
                  + " "
                  + path
                  + ": none of their groups maps to a role");
      return refuse(
          response,
          new ProblemException(
              Response.Status.FORBIDDEN,
              "no-role",
              "You are signed in, but none of your groups gives you a role here.",
              Map.of("role_needed", Role.VIEWER.wireName())));
    }
    if (!authentication.caller().may(Role.ADMIN)
        && (path.startsWith("/metrics") || canonicalRaw(request).startsWith("/metrics"))) {
      return refuse(response, Forbidden.needing(Role.ADMIN, authentication.caller().role()));
    }
    return context.notifyContainerAboutLogin(
        new CallerPrincipal(authentication.caller(), authentication.expiresAt()),
        authentication.caller().role().groups());
  }

  /** The dashboard's login options, and only when both the routed and the raw path name them. */
  static boolean openToAnyone(String routed, String canonicalRaw) {
    return routed.equals(LoginOptionsResource.PATH)
        && canonicalRaw.equals(LoginOptionsResource.PATH);
  }

  /** Everything but the health probes and the dashboard's static files. */
  static boolean needsCaller(String path) {
    return path.equals("/api")
        || path.startsWith("/api/")
        || isGit(path)
        || path.equals("/ws")
        || path.startsWith("/metrics")
        || path.startsWith("/openapi");
  }

  /**
   * The raw path, so that a spelling the routed path does not show (doubled slashes, escapes, dot
   * segments a server resolves on its own) cannot reach a protected place; only computed when the
   * routed path alone does not decide.
   */
  private static String canonicalRaw(HttpServletRequest request) {
    return canonical(request.getRequestURI().substring(request.getContextPath().length()));
  }

  /**
   * The raw path as a server would read it: escapes decoded, parameters, doubled slashes and dot
   * segments gone.
   */
  static String canonical(String raw) {
    String decoded;
    try {
      // Doubled slashes first: "//metrics" would otherwise parse as a host name.
      decoded = new URI(raw.replaceAll("/{2,}", "/")).getPath();
    } catch (URISyntaxException unparsable) {
      decoded = raw;
    }
    String plain =
        (decoded == null ? raw : decoded).replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
    try {
      // Above the root there is nothing: "/../metrics" is "/metrics" to a server that accepts it.
      return new URI(null, null, plain, null)
          .normalize()
          .getPath()
          .replaceFirst("^(/\\.\\.)+(?=/|$)", "");
    } catch (URISyntaxException unparsable) {
      return plain;
    }
  }

  /** Where git's smart HTTP is served (the routed path decides: that is where the request goes). */
  static boolean isGit(String path) {
    return path.equals("/git") || path.startsWith("/git/");
  }

  /** A bearer as everywhere, or a token sent as the password of HTTP Basic (any user name). */
  private static Optional<String> gitBearer(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basicPassword(authorization.substring(6).strip());
    }
    return bearer(request, false);
  }

  /** The password of Basic credentials ("user:password" in base64); empty when there is none. */
  static Optional<String> basicPassword(String credentials) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(decoded.substring(colon + 1).strip()).filter(token -> !token.isEmpty());
  }

  private static Optional<String> bearer(HttpServletRequest request, boolean webSocket) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(authorization.substring(7).strip()).filter(token -> !token.isEmpty());
    }
    if (webSocket) {
      String protocols = request.getHeader("Sec-WebSocket-Protocol");
      if (protocols != null) {
        return Arrays.stream(protocols.split(","))
            .map(String::strip)
            .filter(protocol -> protocol.startsWith(SUBPROTOCOL_BEARER_PREFIX))
            .map(protocol -> protocol.substring(SUBPROTOCOL_BEARER_PREFIX.length()))
            .findFirst();
      }
    }
    return Optional.empty();
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(Response.Status.UNAUTHORIZED, "unauthenticated", detail, Map.of());
  }

  private static AuthenticationStatus refuse(
      HttpServletResponse response, ProblemException problem) {
    return refuse(response, problem, "Bearer");
  }

  // Written here and ended with SEND_FAILURE: the container's own 401 would be an HTML page.
  private static AuthenticationStatus refuse(
      HttpServletResponse response, ProblemException problem, String challenge) {
    try {
      response.setStatus(problem.status().getStatusCode());
      DataHeaders.set(response); // the filters that add them run only after authentication
      if (problem.status() == Response.Status.UNAUTHORIZED) {
        response.setHeader("WWW-Authenticate", challenge);
      }
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(ProblemExceptionMapper.body(problem));
      return AuthenticationStatus.SEND_FAILURE;
    } catch (IOException gone) {
      throw new UncheckedIOException(gone);
    }
  }
}
