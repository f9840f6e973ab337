package dev.vibegrapher.identity.entity;

import java.util.Locale;
import java.util.Optional;

/** The roles, each including every one before it: a reviewer can do all an editor can, and more. */
public enum Role {
  /** Reads everything and watches live. */
  VIEWER,
  /** Also creates projects and sessions, sends prompts, edits test cases and runs tests. */
  EDITOR,
  /** Also approves, rejects, commits, reverts and refines commit messages. */
  REVIEWER,
  /** Also deletes projects, manages tokens, reads metrics and the audit log, changes budgets. */
  ADMIN;

  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The name used on the wire and in configuration: viewer, editor, reviewer, admin. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> ofWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
