package dev.vibegrapher.patch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.patch.control.PatchApplier.AppliedPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchApplierTest {

  /** The app's sample, copied so that changes to the sample do not move these tests. */
  static final String AGENTS =
      """
      \"""A small triage agent: routes each customer message to billing, technical or general.\"""

      BILLING_WORDS = ("invoice", "charge", "charged", "refund", "payment", "bill", "price")
      TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install")


      class TriageAgent:
          \"""Routes a message to the team that should answer it.\"""

          def __init__(self, name="triage"):
              self.name = name

          def route(self, message):
              text = message.lower()
              if any(word in text for word in BILLING_WORDS):
                  return "billing"
              if any(word in text for word in TECHNICAL_WORDS):
                  return "technical"
              return "general"

          def respond(self, message):
              team = self.route(message)
              return f"Thanks for your message. The {team} team will help you shortly."


      def main():
          agent = TriageAgent()
          for message in (
              "I was charged twice on my last invoice",
              "The app crashes with an error when I log in",
              "What are your opening hours?",
          ):
              print(f"{agent.route(message):>9}: {message}")


      if __name__ == "__main__":
          main()
      """;

  /** AGENTS with "general" renamed "other" in route() (line 19). */
  static final String AGENTS_OTHER =
      AGENTS.replace("        return \"general\"", "        return \"other\"");

  /** The same function body twice: a hunk inside it is ambiguous without more to go on. */
  static final String TWINS =
      """
      def first():
          total = 0
          return total


      def second():
          total = 0
          return total
      """;

  @TempDir Path temp;

  @Test
  void exactDiffApplies() throws Exception {
    String diff =
        """
        --- a/agents.py
        +++ b/agents.py
        @@ -17,6 +17,6 @@ class TriageAgent:
                 if any(word in text for word in TECHNICAL_WORDS):
                     return "technical"
        -        return "general"
        +        return "other"
        \s
             def respond(self, message):
                 team = self.route(message)
        """;
    assertEquals(AGENTS_OTHER, apply(AGENTS, diff));
  }

  @Test
  void wrongLineNumbersAndCountsAreOnlyHints() throws Exception {
    String diff =
        """
        --- a/agents.py
        +++ b/agents.py
        @@ -3,4 +3,9 @@
                 if any(word in text for word in TECHNICAL_WORDS):
                     return "technical"
        -        return "general"
        +        return "other"
        """;
    assertEquals(AGENTS_OTHER, apply(AGENTS, diff));
  }

  @Test
  void noHeadersAtAll() throws Exception {
    String diff =
        """
                     return "technical"
        -        return "general"
        +        return "other"
        """;
    assertEquals(AGENTS_OTHER, apply(AGENTS, diff));
  }

  @Test
  void bareAtAtHeadersSeparateHunks() throws Exception {
    String diff =
        """
        @@
         BILLING_WORDS = ("invoice", "charge", "charged", "refund", "payment", "bill", "price")
        -TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install")
        +TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install", "outage")
        @@
                     return "technical"
        -        return "general"
        +        return "other"
        """;
    String expected = AGENTS_OTHER.replace("\"install\")", "\"install\", \"outage\")");
    assertEquals(expected, apply(AGENTS, diff));
  }

  @Test
  void trailingWhitespaceDriftMatchesAndTheFileKeepsItsOwn() throws Exception {
    String code =
        AGENTS.replace("        text = message.lower()\n", "        text = message.lower()   \n");
    String diff =
        """
        @@ -14,3 +14,3 @@
                 text = message.lower()
        -        if any(word in text for word in BILLING_WORDS):
        +        if any(word in text.split() for word in BILLING_WORDS):
                     return "billing"\t
        """;
    String expected =
        code.replace(
            "word in text for word in BILLING", "word in text.split() for word in BILLING");
    assertEquals(expected, apply(code, diff));
  }

  @Test
  void blankContextLineWithoutItsSpaceIsContext() throws Exception {
    String diff =
        "@@ -18,5 +18,6 @@\n             return \"technical\"\n         return \"general\"\n\n"
            + "     def respond(self, message):\n+        \"\"\"A polite holding reply.\"\"\"\n         team = self.route(message)\n";
    String expected =
        AGENTS.replace(
            "    def respond(self, message):\n",
            "    def respond(self, message):\n        \"\"\"A polite holding reply.\"\"\"\n");
    assertEquals(expected, apply(AGENTS, diff));
  }

  @Test
  void markdownFencesAndTheProseAroundThemAreIgnored() throws Exception {
    String diff =
        """
        Here is the change:

        ```diff
        --- a/agents.py
        +++ b/agents.py
        @@ -18,3 +18,3 @@
                     return "technical"
        -        return "general"
        +        return "other"
        ```

        This routes unknown messages to "other".
        """;
    assertEquals(AGENTS_OTHER, apply(AGENTS, diff));
  }

  @Test
  void missingFinalNewlineIsKept() throws Exception {
    String code = AGENTS.stripTrailing();
    String diff =
        """
        @@ -36,2 +36,3 @@
         if __name__ == "__main__":
        -    main()
        +    main()
        +    print("done")
        """;
    assertEquals(code + "\n    print(\"done\")", apply(code, diff));
  }

  @Test
  void crlfIsKept() throws Exception {
    String code = AGENTS.replace("\n", "\r\n");
    String diff =
        """
        @@ -18,3 +18,3 @@
                     return "technical"
        -        return "general"
        +        return "other"
        """;
    assertEquals(AGENTS_OTHER.replace("\n", "\r\n"), apply(code, diff));
  }

  @Test
  void twoHunksWithUncorrectedNumbersForTheSecond() throws Exception {
    String diff =
        """
        --- a/agents.py
        +++ b/agents.py
        @@ -1,4 +1,5 @@
         \"""A small triage agent: routes each customer message to billing, technical or general.\"""
        +import logging

         BILLING_WORDS = ("invoice", "charge", "charged", "refund", "payment", "bill", "price")
         TECHNICAL_WORDS = ("error", "crash", "bug", "broken", "login", "password", "install")
        @@ -17,4 +18,4 @@ class TriageAgent:
                 if any(word in text for word in TECHNICAL_WORDS):
                     return "technical"
        -        return "general"
        +        return "other"
        """;
    String expected = AGENTS_OTHER.replace("general.\"\"\"\n", "general.\"\"\"\nimport logging\n");
    assertEquals(expected, apply(AGENTS, diff));
  }

  @Test
  void hunksSharingContextLinesApply() throws Exception {
    String diff =
        """
        @@ -14,4 +14,4 @@
                 text = message.lower()
        -        if any(word in text for word in BILLING_WORDS):
        +        if any(word in text for word in sorted(BILLING_WORDS)):
                     return "billing"
                 if any(word in text for word in TECHNICAL_WORDS):
        @@ -16,4 +16,4 @@
                     return "billing"
                 if any(word in text for word in TECHNICAL_WORDS):
        -            return "technical"
        +            return "tech"
        """;
    String expected =
        AGENTS
            .replace("in BILLING_WORDS", "in sorted(BILLING_WORDS)")
            .replace("return \"technical\"", "return \"tech\"");
    assertEquals(expected, apply(AGENTS, diff));
  }

  @Test
  void hunksOutOfOrderApplyAsIfSortedWhenEachNamesItsOnePlace() throws Exception {
    String diff =
        """
        @@ -18,3 +18,3 @@
                     return "technical"
        -        return "general"
        +        return "other"
        @@ -10,2 +10,2 @@
             def __init__(self, name="triage"):
        -        self.name = name
        +        self.name = name.strip()
        """;
    assertEquals(
        AGENTS_OTHER.replace("self.name = name", "self.name = name.strip()"), apply(AGENTS, diff));
  }

  @Test
  void hunksOutOfOrderAreRefusedWhenALineNumberIsWrong() {
    // Without a right number the hunk's place rests on its context alone, and the diff's order
    // already shows the model was off.
    String diff =
        """
        @@ -18,3 +18,3 @@
                     return "technical"
        -        return "general"
        +        return "other"
        @@ -12,2 +12,2 @@
             def __init__(self, name="triage"):
        -        self.name = name
        +        self.name = name.strip()
        """;
    String message = refusal(AGENTS, diff);
    assertTrue(
        message.startsWith(
            "Hunk 2 (@@ -12,2 +12,2 @@) matches the code at line 10, which is not after the changes of hunk 1"),
        message);
    assertTrue(
        message.contains("matches the code only at line 10, but its header says line 12"), message);
    assertTrue(message.contains("(here @@ -10)"), message);
  }

  @Test
  void hunksOutOfOrderAreRefusedWhenAHunkFitsBelowTheOtherToo() {
    // The second hunk also fits after the first, but its header names the place before it: placing
    // it below would change the wrong lines.
    String diff =
        """
        @@ -6 +6 @@
        -def second():
        +def second_total():
        @@ -2,2 +2,2 @@
             total = 0
        -    return total
        +    return total + 1
        """;
    String message = refusal(TWINS, diff);
    assertTrue(message.startsWith("Hunk 2 (@@ -2,2 +2,2 @@) matches the code at line 2"), message);
    assertTrue(
        message.contains("Hunk 2 (@@ -2,2 +2,2 @@) matches the code in 2 places (lines 2, 7)"),
        message);
  }

  @Test
  void ambiguousHunkWithoutLineNumberIsRefused() {
    String diff =
        """
        @@
             total = 0
        -    return total
        +    return total + 1
        """;
    String message = refusal(TWINS, diff);
    assertEquals(
        "Hunk 1 (@@) matches the code in 2 places (lines 2, 7) and names no line number:"
            + " add context lines that occur only where the change goes.",
        message);
  }

  @Test
  void ambiguousHunkIsPlacedByItsLineNumberWhenThatClearlyPointsAtOne() throws Exception {
    String diff =
        """
        @@ -7,2 +7,2 @@
             total = 0
        -    return total
        +    return total + 1
        """;
    assertEquals(secondTwinChanged(), apply(TWINS, diff));
  }

  @ParameterizedTest
  @ValueSource(strings = {"@@ -5,2 +5,2 @@", "@@ -40,2 +40,2 @@"})
  void ambiguousHunkIsRefusedWhenItsLineNumberIsAsNearToBothOrFarFromEither(String header) {
    String diff = header + "\n     total = 0\n-    return total\n+    return total + 1\n";
    assertEquals(
        "Hunk 1 ("
            + header
            + ") matches the code in 2 places (lines 2, 7) and its line number ("
            + header.substring(4, 6).strip().replace(",", "")
            + ") does not clearly point at one of them:"
            + " add context lines that occur only where the change goes.",
        refusal(TWINS, diff));
  }

  @Test
  void ambiguousHunkIsPlacedByTheSectionItsHeaderNames() throws Exception {
    String diff =
        """
        @@ def second():
             total = 0
        -    return total
        +    return total + 1
        """;
    assertEquals(secondTwinChanged(), apply(TWINS, diff));
  }

  @Test
  void contextMismatchIsRefusedNamingTheHunkAndTheLine() {
    String diff =
        """
        @@ -17,4 +17,4 @@
                 if any(word in text for word in TECHNICAL_WORDS):
                     return 'technical'
        -        return "general"
        +        return "other"
        """;
    assertEquals(
        "Hunk 1 (@@ -17,4 +17,4 @@) does not apply: its context and removed lines (3) do not match the code anywhere."
            + " Closest place is line 17, where hunk line 2 (context) expects \"            return 'technical'\""
            + " but the file has \"            return \"technical\"\" at line 18."
            + " Re-read the current code and send the hunk again with context copied exactly.",
        refusal(AGENTS, diff));
  }

  @Test
  void changedIndentationInContextIsAMismatch() {
    String diff =
        """
        @@
           text = message.lower()
        -        if any(word in text for word in BILLING_WORDS):
        +        if any(word in text.split() for word in BILLING_WORDS):
        """;
    assertTrue(refusal(AGENTS, diff).startsWith("Hunk 1 (@@) does not apply"));
  }

  @Test
  void contextRetypedWithTabsAppliesWhenTheAddedLinesAreIndentedAsTheFileIs() throws Exception {
    String diff =
        "@@ -14,3 +14,4 @@\n \t\ttext = message.lower()\n+        text = text.strip()\n \t\tif any(word in text for word in BILLING_WORDS):\n";
    assertEquals(
        AGENTS.replace(
            "        text = message.lower()\n",
            "        text = message.lower()\n        text = text.strip()\n"),
        apply(AGENTS, diff));
  }

  @Test
  void contextWithTwoSpacesPerLevelAppliesWhenTheAddedLinesAreIndentedAsTheFileIs()
      throws Exception {
    String diff =
        """
        @@ -13,3 +13,4 @@
           def route(self, message):
             text = message.lower()
        +        text = text.strip()
             if any(word in text for word in BILLING_WORDS):
        """;
    assertEquals(
        AGENTS.replace(
            "        text = message.lower()\n",
            "        text = message.lower()\n        text = text.strip()\n"),
        apply(AGENTS, diff));
  }

  @Test
  void contextWithSpacesAppliesToAFileIndentedWithTabs() throws Exception {
    String tabbed =
        "func main() {\n\tfor _, name := range names {\n\t\tfmt.Println(name)\n\t}\n}\n";
    String diff =
        "@@ -2,3 +2,4 @@\n     for _, name := range names {\n         fmt.Println(name)\n+\t\tcount++\n     }\n";
    assertEquals(
        tabbed.replace("fmt.Println(name)\n", "fmt.Println(name)\n\t\tcount++\n"),
        apply(tabbed, diff));
  }

  @Test
  void addedLinesIndentedTheHunksWayAreRefused() {
    String diff =
        "@@ -14,3 +14,4 @@\n \t\ttext = message.lower()\n+\t\ttext = text.strip()\n \t\tif any(word in text for word in BILLING_WORDS):\n";
    String message = refusal(AGENTS, diff);
    assertTrue(
        message.startsWith(
            "Hunk 1 (@@ -14,3 +14,4 @@) matches the code only at line 14 once indentation is read as levels:"
                + " its context is indented with a tab per level, the file with 4 spaces per level. But hunk line 2"),
        message);
    assertTrue(message.contains("(it has 2 tabs)"), message);
    assertTrue(message.contains("indent them as the file is (4 spaces per level)"), message);
  }

  @Test
  void addedLineThatFitsBothIndentationsIsRefused() {
    // Four spaces is a class attribute as the file indents, and a line of route() read the hunk's
    // way (two per level): a guess.
    String diff =
        """
        @@ -19,3 +19,4 @@
             return "general"

        +    greeting = "hi"
           def respond(self, message):
        """;
    String message = refusal(AGENTS, diff);
    assertTrue(
        message.startsWith(
            "Hunk 1 (@@ -19,3 +19,4 @@) matches the code only at line 19 once indentation is read as levels"),
        message);
    assertTrue(
        message.contains(
            "it fits at level 1 as the file indents, and at level 2 read the hunk's way (2 spaces per level)"),
        message);
  }

  @Test
  void contextThatLostItsIndentationIsNotReadAsLevels() {
    String diff =
        "@@ -14,2 +14,3 @@\n text = message.lower()\n+        text = text.strip()\n if any(word in text for word in BILLING_WORDS):\n";
    String message = refusal(AGENTS, diff);
    assertTrue(
        message.contains(
            "The text is the same but the indentation is not (no indentation in the hunk, 8 spaces in the file)"),
        message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n", "```diff\n```\n"})
  void emptyPatchIsRefused(String diff) {
    assertTrue(refusal(AGENTS, diff).startsWith("The patch "), diff);
  }

  @Test
  void patchWithOnlyContextIsRefused() {
    assertEquals(
        "The patch changes nothing: Hunk 1 (@@ -18 +18 @@) has only context lines, no '+' or '-' lines."
            + " Mark the lines to remove with '-' and the lines to add with '+'.",
        refusal(AGENTS, "@@ -18 +18 @@\n         return \"general\"\n"));
  }

  @Test
  void patchThatRemovesAndAddsTheSameLineIsRefused() {
    String diff = "@@\n-        return \"general\"\n+        return \"general\"\n";
    assertEquals(
        "The patch leaves the code exactly as it was: Hunk 1 (@@) removes lines at line 19 and adds the same lines back."
            + " Put the new text on the '+' lines and the current text on the '-' lines.",
        refusal(AGENTS, diff));
  }

  @Test
  void moreThanOneFileIsRefused() {
    String diff =
        """
        --- a/agents.py
        +++ b/agents.py
        @@ -19 +19 @@
        -        return "general"
        +        return "other"
        --- a/test_routing.py
        +++ b/test_routing.py
        @@ -1 +1 @@
        -agent = TriageAgent()
        +agent = TriageAgent("router")
        """;
    assertEquals(
        "The patch changes more than one file (agents.py, test_routing.py); this project has one file:"
            + " send a patch for that file only.",
        refusal(AGENTS, diff));
  }

  @Test
  void theSameFileHeaderRepeatedIsOneFile() throws Exception {
    String diff =
        """
        --- a/agents.py
        +++ b/agents.py
        @@ -11 +11 @@
        -        self.name = name
        +        self.name = name.strip()
        --- agents.py
        +++ agents.py
        @@ -19 +19 @@
        -        return "general"
        +        return "other"
        """;
    assertEquals(
        AGENTS_OTHER.replace("self.name = name", "self.name = name.strip()"), apply(AGENTS, diff));
  }

  @Test
  void fileCreationAgainstExistingCodeIsRefused() {
    String diff =
        "--- /dev/null\n+++ b/agents.py\n@@ -0,0 +1,2 @@\n+import sys\n+print(sys.argv)\n";
    assertTrue(refusal(AGENTS, diff).startsWith("The patch creates the file from nothing"));
  }

  @Test
  void contextFreeAdditionGoesOnlyAtTheStartOrEnd() throws Exception {
    assertEquals("import logging\n" + AGENTS, apply(AGENTS, "@@ -0,0 +1 @@\n+import logging\n"));
    assertEquals(AGENTS + "# end\n", apply(AGENTS, "@@ -37,0 +38 @@\n+# end\n"));
    assertTrue(
        refusal(AGENTS, "@@ -12,0 +13 @@\n+# here?\n")
            .startsWith("Hunk 1 (@@ -12,0 +13 @@) only adds lines and has no context lines"));
  }

  @Test
  void addingToAnEmptyFile() throws Exception {
    assertEquals(
        "print('hi')\n",
        apply("", "--- /dev/null\n+++ b/agents.py\n@@ -0,0 +1 @@\n+print('hi')\n"));
  }

  @Test
  void proseBetweenAndAfterHunksIsIgnored() throws Exception {
    String diff =
        """
        @@ -11 +11 @@
        -        self.name = name
        +        self.name = name.strip()
        Then route unknown messages elsewhere:
        @@ -19 +19 @@
        -        return "general"
        +        return "other"

        That is all.
        """;
    assertEquals(
        AGENTS_OTHER.replace("self.name = name", "self.name = name.strip()"), apply(AGENTS, diff));
  }

  @Test
  void proseInsideAHunkIsRefused() {
    String diff =
        """
        @@ -11 +11 @@
        -        self.name = name
        +        self.name = name.strip()
        (unchanged lines)
        -        return "general"
        +        return "other"
        """;
    assertTrue(
        refusal(AGENTS, diff)
            .startsWith(
                "Hunk 1 (@@ -11 +11 @@): line 4 of the patch is not part of a hunk: \"(unchanged lines)\""));
  }

  @Test
  void additionThatIsAlreadyThereIsRefused() {
    String diff = "@@\n     def respond(self, message):\n+        team = self.route(message)\n";
    assertEquals(
        "Hunk 1 (@@) seems to be applied already: the lines it adds are in the code at line 22."
            + " Re-read the current code before sending another patch.",
        refusal(AGENTS, diff));
  }

  @Test
  void elidedContextIsRefused() {
    String diff =
        """
        @@ -13,7 +13,7 @@
             def route(self, message):
        ...
        -        return "general"
        +        return "other"
        """;
    String message = refusal(AGENTS, diff);
    assertTrue(
        message.startsWith(
            "Hunk 1 (@@ -13,7 +13,7 @@): line 3 of the patch is not part of a hunk: \"...\""),
        message);
    assertTrue(message.contains("stands for lines left out (elided context)"), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lf",
        "crlf",
        "no-final-newline",
        "no-final-newline-last-line-changed",
        "crlf-no-final-newline"
      })
  void normalizedDiffHasGitHeadersAndAppliesWithGitApply(String variant) throws Exception {
    String code =
        switch (variant) {
          case "crlf" -> AGENTS.replace("\n", "\r\n");
          case "crlf-no-final-newline" -> AGENTS.stripTrailing().replace("\n", "\r\n");
          default -> variant.startsWith("no-final-newline") ? AGENTS.stripTrailing() : AGENTS;
        };
    String diff =
        variant.equals("no-final-newline-last-line-changed")
            ? "@@\n if __name__ == \"__main__\":\n-    main()\n+    main()\n+    raise SystemExit(0)\n"
            : "@@\n             return \"technical\"\n-        return \"general\"\n+        return \"other\"\n";
    AppliedPatch applied = PatchApplier.apply("agents.py", code, diff);
    assertTrue(
        applied.normalizedDiff().startsWith("--- a/agents.py\n+++ b/agents.py\n@@ -"),
        applied.normalizedDiff());

    Path file = temp.resolve("agents.py");
    Files.writeString(file, code, StandardCharsets.UTF_8);
    Files.writeString(
        temp.resolve("change.diff"), applied.normalizedDiff(), StandardCharsets.UTF_8);
    assertEquals("", gitApply(temp, "change.diff"));
    assertEquals(applied.patchedCode(), Files.readString(file, StandardCharsets.UTF_8));
  }

  private String secondTwinChanged() {
    int second = TWINS.indexOf("def second");
    return TWINS.substring(0, second)
        + TWINS.substring(second).replace("return total", "return total + 1");
  }

  private static String apply(String code, String diff) throws PatchRejected {
    return PatchApplier.apply("agents.py", code, diff).patchedCode();
  }

  private static String refusal(String code, String diff) {
    return assertThrows(PatchRejected.class, () -> PatchApplier.apply("agents.py", code, diff))
        .getMessage();
  }

  /** Runs git apply in the directory; the empty string when it succeeded, else what git said. */
  private static String gitApply(Path directory, String diffName)
      throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "apply", "--whitespace=nowarn", diffName)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(git.waitFor(30, TimeUnit.SECONDS));
    return git.exitValue() == 0 ? "" : output;
  }
}
