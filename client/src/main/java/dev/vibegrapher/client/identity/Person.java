package dev.vibegrapher.client.identity;

/**
 * A person as records show them: the name and email they had when they acted (email may be empty,
 * never null).
 */
public record Person(String name, String email) {

  public Person {
    email = email == null ? "" : email;
  }
}
