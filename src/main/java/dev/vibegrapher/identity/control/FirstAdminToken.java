package dev.vibegrapher.identity.control;

import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.control.DatabaseReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A first start that is safe by default: with neither an identity provider nor an operator's admin
 * token configured, the installation's first start makes one admin access token and prints it once,
 * with a dashboard login link, to the console; only its hash is kept. Nobody reaching the port
 * without it can do anything.
 */
@ApplicationScoped
public class FirstAdminToken {

  static final String ISSUED = "first-admin-token-issued";
  private static final Logger LOG = Logger.getLogger(FirstAdminToken.class.getName());

  @Inject
  @ConfigProperty(name = "vibegrapher.public-url")
  Optional<String> publicUrl;

  @Inject Authenticator authenticator;
  @Inject IdentitySettings settings;
  @Inject AccessTokens accessTokens;

  void onDatabaseReady(@Observes DatabaseReady ready) {
    if (authenticator.providerConfigured() || settings.adminToken().isPresent()) {
      return;
    }
    accessTokens
        .issueOnce(ISSUED, Authenticator.OPERATOR, "first start", Role.ADMIN)
        .ifPresent(this::print);
  }

  private void print(AccessTokens.Issued issued) {
    // The console, not the log: the secret is shown this once and must not sit in log files.
    PrintStream console = System.out;
    console.println();
    console.println(
        "==================================================================================");
    console.println(
        " No identity provider and no VIBEGRAPHER_ADMIN_TOKEN are configured, so this first");
    console.println(
        " start made an admin access token. It is shown only now; only its hash is kept.");
    console.println();
    console.println("   token: " + issued.secret());
    console.println("   log in: " + baseUrl() + "/#token=" + issued.secret());
    console.println();
    console.println(
        " Scripts send it as 'Authorization: Bearer <token>'. Lost it? Start once with");
    console.println(
        " VIBEGRAPHER_ADMIN_TOKEN set, or with VIBEGRAPHER_RESET=true for an empty installation.");
    console.println(
        "==================================================================================");
    console.println();
    LOG.info(
        () ->
            "Made the first admin access token (id "
                + issued.token().id()
                + ") and printed it to the console");
  }

  private String baseUrl() {
    return publicUrl
        .filter(url -> !url.isBlank())
        .map(url -> url.replaceAll("/+$", ""))
        .orElseGet(() -> "http://localhost:" + httpPort());
  }

  // Payara Micro knows the port it was started with (--port); elsewhere, the usual one.
  private static int httpPort() {
    try {
      Object micro =
          Class.forName("fish.payara.micro.PayaraMicro").getMethod("getInstance").invoke(null);
      return (Integer) micro.getClass().getMethod("getHttpPort").invoke(micro);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException notMicro) {
      return 8080;
    }
  }
}
