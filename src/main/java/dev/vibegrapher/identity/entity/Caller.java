package dev.vibegrapher.identity.entity;

import dev.vibegrapher.client.identity.Person;
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
    subject = People.clean(subject, People.MAX_NAME);
    name = People.clean(name, People.MAX_NAME);
    email = email == null ? "" : People.clean(email, People.MAX_EMAIL);
  }

  /** The person acting, as records and commits name them. */
  public Person person() {
    return new Person(name, email);
  }

  public boolean may(Role needed) {
    return role.includes(needed);
  }
}
