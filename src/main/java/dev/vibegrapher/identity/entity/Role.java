package dev.vibegrapher.identity.entity;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

  /** The wire names of this role and every one it includes: the container's groups for a caller. */
  public Set<String> groups() {
    return GROUPS.get(this);
  }

  private static final Map<Role, Set<String>> GROUPS = new EnumMap<>(Role.class);

  static {
    for (Role role : values()) {
      GROUPS.put(
          role,
          Arrays.stream(values())
              .filter(role::includes)
              .map(Role::wireName)
              .collect(Collectors.toUnmodifiableSet()));
    }
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
