package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlugsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Agent Triage System|agent-triage-system",
        "  Hello,   World!!  |hello-world",
        "Crème Brûlée|creme-brulee",
        "Ærøskøbing Straße|aeroskobing-strasse",
        "naïve café №5|naive-cafe-no5",
        "../../etc/passwd|etc-passwd",
        "..|project",
        ".|project",
        "/|project",
        "a/b\\c|a-b-c",
        "名前|project",
        "UPPER_snake_Case|upper-snake-case",
        "v1.2.3|v1-2-3",
        "---x---|x",
      })
  void slugsArePlainLowercaseAsciiWords(String name, String slug) {
    assertEquals(slug, Slugs.of(name));
  }

  @Test
  void aSlugIsNeverAPathWhateverTheName() {
    for (String name :
        List.of("", " ", "\u0000", "../..", "%2e%2e%2f", "\u202e\u0041", "😀", "a".repeat(500))) {
      String slug = Slugs.of(name);
      assertTrue(slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), slug);
      assertTrue(slug.length() <= Slugs.MAX_LENGTH);
    }
  }

  @Test
  void takenSlugsAreNumbered() {
    assertEquals("x", Slugs.firstFree("x", Set.of()));
    assertEquals("x-1", Slugs.firstFree("x", Set.of("x")));
    assertEquals("x-2", Slugs.firstFree("x", Set.of("x", "x-1")));
    assertEquals("x-1", Slugs.firstFree("x", Set.of("x", "x-2")));
  }
}
