package dev.vibegrapher.identity.entity;

/** A person as records show them: the name and email they had when they acted (email may be empty). */
public record Person(String name, String email) {

  public Person {
    email = email == null ? "" : email;
  }

  /** The person whose name and email were stored, or null where nobody was recorded. */
  public static Person stored(String name, String email) {
    return name == null ? null : new Person(name, email);
  }
}
