package dev.vibegrapher.identity.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void aNameIsRecordedTheWayGitAndTheDatabasesCanKeepIt() {
    Caller caller =
        new Caller(
            "u-1",
            "Rita\nReviewer <evil@example.com>\u0000",
            "rita@example.com\r\nX: y",
            Role.REVIEWER);
    assertEquals(
        "Rita Reviewer evil@example.com", caller.name(), "no line breaks, NULs or angle brackets");
    assertEquals("rita@example.com X: y", caller.email());
  }

  @Test
  void aNameLongerThanItsColumnIsCut() {
    Caller caller = new Caller("s".repeat(400), "n".repeat(400), "e".repeat(400), Role.VIEWER);
    assertEquals(People.MAX_NAME, caller.subject().length());
    assertEquals(People.MAX_NAME, caller.name().length());
    assertEquals(People.MAX_EMAIL, caller.email().length());
  }
}
