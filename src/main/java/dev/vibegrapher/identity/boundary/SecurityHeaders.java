package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.identity.control.IdentitySettings;
import dev.vibegrapher.platform.boundary.DataHeaders;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What browsers may do with our answers. The dashboard's page may load only our own scripts and
 * styles and talk only to us and to the organisation's OpenID Connect provider, so a script
 * injected into it can neither load more code nor send tokens elsewhere; no other site may frame it
 * (clickjacking), but the page frames itself: oidc-client-ts renews a login in a hidden frame that
 * the provider sends back to this page. Every other answer (the API, scripts, styles, errors) is
 * never a page: nothing may run or be framed there at all. Browsers must not guess content types
 * anywhere.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeaders extends HttpFilter {

  /**
   * The dashboard's one page; everything else, including paths spelled oddly, gets the strictest
   * headers.
   */
  private static final Set<String> PAGES = Set.of("/", "/index.html");

  private static final String EXTRA_ORIGINS = "vibegrapher.dashboard.extra-origins";

  @Inject IdentitySettings identity;

  private volatile String pagePolicy;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!PAGES.contains(path)) {
      DataHeaders.set(response);
    } else {
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader("Content-Security-Policy", pagePolicy());
      response.setHeader("X-Frame-Options", "SAMEORIGIN");
    }
    chain.doFilter(request, response);
  }

  private String pagePolicy() {
    String policy = pagePolicy;
    if (policy == null) {
      String others = String.join(" ", providerOrigins());
      String talkTo = others.isEmpty() ? "'self'" : "'self' " + others;
      policy =
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
              + "; form-action 'self'; connect-src "
              + talkTo
              + "; frame-src "
              + talkTo
              + "; frame-ancestors 'self'";
      pagePolicy = policy;
    }
    return policy;
  }

  /**
   * The provider's origin (its discovery, token and authorization endpoints), and any the operator
   * adds for a provider that splits them.
   */
  Set<String> providerOrigins() {
    Set<String> origins = new LinkedHashSet<>();
    identity.browserLogin().map(login -> originOf(login.authority())).ifPresent(origins::add);
    // Read here, not injected: Payara fails a filter whose injected Optional<List> is produced
    // while the web module starts.
    ConfigProvider.getConfig()
        .getOptionalValues(EXTRA_ORIGINS, String.class)
        .orElse(List.of())
        .stream()
        .map(String::strip)
        .filter(origin -> !origin.isEmpty())
        .map(SecurityHeaders::originOf)
        .forEach(origins::add);
    return origins;
  }

  static String originOf(String url) {
    URI uri = URI.create(url.strip());
    if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
