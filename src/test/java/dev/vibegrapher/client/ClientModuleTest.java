package dev.vibegrapher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.platform.control.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The client module and the server agree where they cannot share one definition. */
class ClientModuleTest {

  private static final Pattern VERSION =
      Pattern.compile("<artifactId>(vibegrapher(?:-client)?)</artifactId>\\s*<version>([^<]+)<");

  @Test
  void theClientIsReleasedWithTheServersVersion() throws IOException {
    assertEquals(version(Path.of("pom.xml")), version(Path.of("client", "pom.xml")));
  }

  @Test
  void bothEndsWriteTheSameJson() {
    SessionView session =
        new SessionView(
            "s1",
            "p1",
            "project_x",
            "global",
            null,
            "main",
            Instant.parse("2026-01-02T03:04:05Z"),
            Instant.parse("2026-01-02T03:04:05Z"),
            new UsageTotals(1, 2, 3, BigDecimal.ONE));
    String json = WireFormat.JSONB.toJson(session);
    assertEquals(json, WireJsonb.jsonb().toJson(session));
    assertEquals(
        "{\"branch\":\"main\",\"created_at\":\"2026-01-02T03:04:05Z\",\"id\":\"s1\","
            + "\"node_id\":null,\"openai_session_key\":\"project_x\",\"project_id\":\"p1\","
            + "\"session_type\":\"global\",\"updated_at\":\"2026-01-02T03:04:05Z\","
            + "\"usage_totals\":{\"completion_tokens\":2,\"cost_usd\":1,\"prompt_tokens\":1,"
            + "\"total_tokens\":3}}",
        json);
    assertEquals(session, WireJsonb.jsonb().fromJson(json, SessionView.class));
  }

  private static String version(Path pom) throws IOException {
    Matcher matcher = VERSION.matcher(Files.readString(pom));
    if (!matcher.find()) {
      throw new AssertionError("no version in " + pom);
    }
    return matcher.group(2);
  }
}
