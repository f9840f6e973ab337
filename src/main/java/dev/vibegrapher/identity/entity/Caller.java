package dev.vibegrapher.identity.entity;

import java.util.Objects;

/**
 * Who is acting, handed to the services as a value: the subject the identity provider (or the
 * token's creator) is known by, a name and email to show and to sign commits with, and the role.
 */
public record Caller(String subject, String name, String email, Role role) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    subject = Person.clean(subject, Person.MAX_NAME);
    name = Person.clean(name, Person.MAX_NAME);
    email = email == null ? "" : Person.clean(email, Person.MAX_EMAIL);
  }

  /** The person acting, as records and commits name them. */
  public Person person() {
    return new Person(name, email);
  }

  public boolean may(Role needed) {
    return role.includes(needed);
  }
}
