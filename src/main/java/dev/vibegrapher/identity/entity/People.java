package dev.vibegrapher.identity.entity;

import dev.vibegrapher.client.identity.Person;
import java.util.regex.Pattern;

/** How people are recorded: the sizes of their columns and what a recorded name may hold. */
public final class People {

  /** The sizes of the columns people are stored in. */
  public static final int MAX_NAME = 255;

  public static final int MAX_EMAIL = 320;
  private static final Pattern UNRECORDABLE = Pattern.compile("[\\p{Cntrl}<>]");
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  private People() {}

  /**
   * A claim made fit to record: no control characters (a NUL is refused by PostgreSQL, a newline
   * would end a git header line), no angle brackets (they delimit the email in git), runs of white
   * space as one space, and at most {@code max} characters; so the database, the API and git all
   * show the same name.
   */
  public static String clean(String text, int max) {
    String cleaned =
        WHITE_SPACE.matcher(UNRECORDABLE.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
    return cleaned.length() > max ? cleaned.substring(0, max) : cleaned;
  }

  /** The person whose name and email were stored, or null where nobody was recorded. */
  public static Person stored(String name, String email) {
    return name == null ? null : new Person(name, email);
  }
}
