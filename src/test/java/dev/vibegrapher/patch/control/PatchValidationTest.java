package dev.vibegrapher.patch.control;

import static dev.vibegrapher.patch.control.PatchApplierTest.AGENTS;
import static dev.vibegrapher.patch.control.PatchApplierTest.AGENTS_OTHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real checkers: python3 from PATH, the JDK's parser, the JSON-P implementation on the test class
 * path.
 */
class PatchValidationTest {

  private static final String PARSES = "The patch applies, but the result does not parse: ";

  private static final String TICKET_JAVA =
      """
      package demo;

      public final class Ticket {
        private final String team;

        public Ticket(String team) {
          this.team = team;
        }

        public String team() {
          return team;
        }
      }
      """;

  private static final String CONFIG_JSON =
      """
      {
        "name": "triage",
        "model": "gpt-4o-mini",
        "teams": ["billing", "technical", "general"]
      }
      """;

  private final PatchValidation validation =
      PatchValidation.with("python3", Duration.ofSeconds(10));

  @TempDir Path temp;

  @AfterEach
  void endCheckerProcesses() {
    validation.close();
  }

  @Test
  void validPythonPatchPasses() throws Exception {
    String diff =
        "@@\n             return \"technical\"\n-        return \"general\"\n+        return \"other\"\n";
    assertEquals(AGENTS_OTHER, validation.validate("agents.py", AGENTS, diff).patchedCode());
  }

  @Test
  void pythonSyntaxErrorIsReportedWithItsLine() {
    String diff =
        """
        @@ -14,3 +14,3 @@
                 text = message.lower()
        -        if any(word in text for word in BILLING_WORDS):
        +        if any(word in text for word in BILLING_WORDS)
                     return "billing"
        """;
    String message = rejection("agents.py", AGENTS, diff);
    assertEquals(PARSES + "SyntaxError: expected ':' (line 15)", message);
  }

  @Test
  void pythonIndentationErrorIsReportedWithItsLine() {
    String diff =
        """
        @@ -14,2 +14,3 @@
                 text = message.lower()
        +            words = text.split()
                 if any(word in text for word in BILLING_WORDS):
        """;
    assertEquals(
        PARSES + "IndentationError: unexpected indent (line 15)",
        rejection("agents.py", AGENTS, diff));
  }

  @Test
  void javaSyntaxErrorIsReportedWithItsLine() {
    String diff = "@@\n   public String team() {\n-    return team;\n+    return team\n   }\n";
    assertEquals(
        PARSES + "Java syntax error: ';' expected (line 11)",
        rejection("Ticket.java", TICKET_JAVA, diff));
  }

  @Test
  void validJavaPatchPasses() throws Exception {
    String diff =
        "@@\n   public String team() {\n-    return team;\n+    return team.toUpperCase();\n   }\n";
    assertTrue(
        validation
            .validate("Ticket.java", TICKET_JAVA, diff)
            .patchedCode()
            .contains("team.toUpperCase()"));
  }

  @Test
  void jsonSyntaxErrorIsReportedWithItsLine() {
    String diff =
        "@@\n-  \"model\": \"gpt-4o-mini\",\n+  \"model\": \"gpt-4o-mini\"\n   \"teams\": [\"billing\", \"technical\", \"general\"]\n";
    String message = rejection("config.json", CONFIG_JSON, diff);
    assertTrue(message.startsWith(PARSES + "JSON syntax error: "), message);
    assertTrue(message.endsWith("(line 4)"), message);
  }

  @Test
  void validJsonPatchPasses() throws Exception {
    String diff = "@@\n-  \"model\": \"gpt-4o-mini\",\n+  \"model\": \"gpt-4.1-mini\",\n";
    assertTrue(
        validation
            .validate("config.json", CONFIG_JSON, diff)
            .patchedCode()
            .contains("gpt-4.1-mini"));
  }

  @Test
  void otherFileTypesAreNotSyntaxChecked() throws Exception {
    assertEquals(Optional.empty(), validation.syntaxError("notes.txt", "def (:"));
  }

  @Test
  void applyFailureComesBeforeTheSyntaxCheck() {
    String message =
        rejection("agents.py", AGENTS, "@@\n-        return 'general'\n+        return 'other'\n");
    assertTrue(message.startsWith("Hunk 1 (@@) does not apply"), message);
  }

  @Test
  void missingInterpreterNamesTheSetting() {
    PatchValidation missing =
        PatchValidation.with(temp.resolve("no-such-python").toString(), Duration.ofSeconds(5));
    PatchRejected rejected =
        assertThrows(PatchRejected.class, () -> missing.syntaxError("agents.py", AGENTS));
    assertTrue(
        rejected
            .getMessage()
            .startsWith("Python code cannot be syntax-checked: the interpreter \""),
        rejected.getMessage());
    assertTrue(rejected.getMessage().contains("VIBEGRAPHER_PYTHON"), rejected.getMessage());
  }

  @Test
  void hungInterpreterTimesOutAndTheNextCheckWorks() throws Exception {
    // Hangs on its first start only: the checker must give up, and then start afresh.
    Path marker = temp.resolve("hung-once");
    Path script =
        executable(
            "python-hangs-once",
            "#!/bin/sh\nif [ ! -e '"
                + marker
                + "' ]; then touch '"
                + marker
                + "'; sleep 30; fi\nexec python3 \"$@\"\n");
    PatchValidation hanging = PatchValidation.with(script.toString(), Duration.ofMillis(1500));
    PatchRejected rejected =
        assertThrows(PatchRejected.class, () -> hanging.syntaxError("agents.py", AGENTS));
    assertEquals(
        "The Python syntax check did not finish within 1500 ms (setting vibegrapher.python.timeout-ms).",
        rejected.getMessage());
    assertEquals(Optional.empty(), hanging.syntaxError("agents.py", AGENTS));
    assertEquals(
        Optional.of("SyntaxError: invalid syntax (line 1)"),
        hanging.syntaxError("agents.py", "def (:\n"));
  }

  @Test
  void interpreterThatIsNotPythonIsReported() throws Exception {
    Path script = executable("not-python", "#!/bin/sh\necho 'not a python' >&2\nexit 3\n");
    PatchValidation broken = PatchValidation.with(script.toString(), Duration.ofSeconds(5));
    Optional<String> error = broken.syntaxError("agents.py", AGENTS);
    assertTrue(error.isPresent() && error.get().contains("not a python"), String.valueOf(error));
  }

  @Test
  void concurrentChecksEachGetTheirOwnAnswer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Optional<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String code = i % 2 == 0 ? AGENTS : AGENTS + "x = (" + i + "\n";
        answers.add(pool.submit(() -> validation.syntaxError("agents.py", code)));
      }
      for (int i = 0; i < answers.size(); i++) {
        Optional<String> answer = answers.get(i).get();
        assertEquals(
            i % 2 == 0
                ? Optional.empty()
                : Optional.of("SyntaxError: '(' was never closed (line 38)"),
            answer,
            "check " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checkerProcessThatDiedWhileIdleIsReplaced() throws Exception {
    assertEquals(Optional.empty(), validation.syntaxError("agents.py", AGENTS));
    List<ProcessHandle> checkers =
        ProcessHandle.current()
            .children()
            .filter(child -> child.info().commandLine().orElse("").contains("VIBEGRAPHER-CHECK"))
            .toList();
    assertTrue(!checkers.isEmpty(), "no checker process found");
    checkers.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle checker : checkers) {
      checker.onExit().get();
    }
    assertEquals(
        Optional.of("SyntaxError: invalid syntax (line 1)"),
        validation.syntaxError("agents.py", "def (:\n"));
  }

  @Test
  void largeFilesAreCheckedWhole() throws Exception {
    String large = AGENTS.repeat(300); // 11,100 lines, far more than a pipe buffer
    assertEquals(Optional.empty(), validation.syntaxError("agents.py", large));
    assertEquals(
        Optional.of("SyntaxError: '(' was never closed (line 11101)"),
        validation.syntaxError("agents.py", large + "print((\n"));
  }

  @Test
  void nonAsciiAndEncodingCookieSurviveTheTrip() throws Exception {
    assertEquals(
        Optional.empty(),
        validation.syntaxError(
            "agents.py", "# -*- coding: utf-8 -*-\ngreeting = \"Grüß dich, 你好\"\n"));
    assertEquals(
        Optional.of("SyntaxError: invalid character '→' (U+2192) (line 1)"),
        validation.syntaxError("agents.py", "a → b\n"));
  }

  private String rejection(String fileName, String code, String diff) {
    return assertThrows(PatchRejected.class, () -> validation.validate(fileName, code, diff))
        .getMessage();
  }

  private Path executable(String name, String content) throws Exception {
    Path script = temp.resolve(name);
    Files.writeString(script, content);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
