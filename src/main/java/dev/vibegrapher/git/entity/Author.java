package dev.vibegrapher.git.entity;

/** Who a commit is by: the person who decided it; the committer is always the server itself. */
public record Author(String name, String email) {

  public Author {
    email = email == null ? "" : email;
  }
}
