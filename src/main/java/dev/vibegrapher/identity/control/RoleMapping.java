package dev.vibegrapher.identity.control;

import dev.vibegrapher.identity.entity.Role;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * From the organisation's group names to our roles. A group maps to a role when the mapping names
 * it ("vg-admins=admin,vg-devs=editor"), or when it is called as a role is ("reviewer"); a caller
 * in several groups gets the highest of their roles.
 */
public final class RoleMapping {

  private final Map<String, Role> roleByGroup;

  private RoleMapping(Map<String, Role> roleByGroup) {
    this.roleByGroup = Map.copyOf(roleByGroup);
  }

  /**
   * @param mapping comma-separated "group=role" pairs; blank for none
   */
  public static RoleMapping parse(String mapping) {
    Map<String, Role> roleByGroup = new HashMap<>();
    for (String pair : mapping.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.lastIndexOf('=');
      String role = equals < 0 ? "" : pair.substring(equals + 1).strip();
      if (equals <= 0 || Role.ofWireName(role).isEmpty()) {
        throw new IllegalArgumentException(
            "a role mapping is group=role, role one of viewer, editor, reviewer, admin; got: "
                + pair.strip());
      }
      roleByGroup.put(pair.substring(0, equals).strip(), Role.ofWireName(role).orElseThrow());
    }
    return new RoleMapping(roleByGroup);
  }

  public Optional<Role> roleOf(Collection<String> groups) {
    return groups.stream()
        .map(group -> Optional.ofNullable(roleByGroup.get(group)).or(() -> Role.ofWireName(group)))
        .flatMap(Optional::stream)
        .max(Role::compareTo);
  }
}
