package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's one-line start, with no identity provider and no admin token configured: it is not
 * open to whoever reaches the port, and its first start prints an admin token once, with a login
 * link, keeping only the token's hash (the token survives a restart, and is not printed again).
 */
class FirstStartIT {

  private static final Pattern PRINTED = Pattern.compile("token: (vgp_[A-Za-z0-9_-]+)");

  @AcrossDatabases
  void theFirstStartIsClosedAndPrintsOneAdminTokenOnce(Flavor flavor) {
    try (RunningApp app =
        RunningApp.prepare(
                "first-start-"
                    + flavor.name().toLowerCase()
                    + "-"
                    + java.util.UUID.randomUUID().toString().substring(0, 8),
                flavor,
                Map.of("VIBEGRAPHER_ADMIN_TOKEN", ""))
            .start()) {
      Api anyone = app.api();
      assertEquals(
          401,
          assertThrows(ProblemException.class, () -> anyone.client().projects().list(null, null))
              .status(),
          "nobody without the token gets in");
      List<String> printed = printedTokens(app);
      assertEquals(1, printed.size(), "printed once");
      String token = printed.get(0);
      assertTrue(
          log(app).contains("log in: http://localhost:" + app.port() + "/#token=" + token),
          "with a link to the dashboard on this port");

      Api admin = anyone.withBearer(token);
      Vibegrapher client = admin.client();
      assertEquals(200, admin.get("/metrics").status(), "it is an admin's");
      assertEquals("first start", client.tokens().list().get(0).name());
      assertEquals(
          2, count(log(app), token), "the log holds it only in the banner: the token and the link");

      app.stop();
      app.start();
      assertEquals(1, printedTokens(app).size(), "not made again on the next start");
      // And it still works: a refused call would throw.
      client.projects().list(null, null);
    }
  }

  private static List<String> printedTokens(RunningApp app) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = PRINTED.matcher(log(app));
    while (matcher.find()) {
      tokens.add(matcher.group(1));
    }
    return tokens;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static String log(RunningApp app) {
    try {
      return Files.readString(app.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
