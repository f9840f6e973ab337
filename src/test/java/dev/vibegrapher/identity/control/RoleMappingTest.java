package dev.vibegrapher.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.identity.entity.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleMappingTest {

  private final RoleMapping cut =
      RoleMapping.parse("vg-admins=admin, vg-devs = editor,Reviewers of X=reviewer");

  @Test
  void theOrganisationsGroupsMapToOurRoles() {
    assertEquals(Optional.of(Role.ADMIN), cut.roleOf(List.of("vg-admins")));
    assertEquals(Optional.of(Role.EDITOR), cut.roleOf(List.of("vg-devs")));
    assertEquals(Optional.of(Role.REVIEWER), cut.roleOf(List.of("Reviewers of X")));
  }

  @Test
  void aGroupCalledAsARoleIsThatRole() {
    assertEquals(Optional.of(Role.VIEWER), cut.roleOf(List.of("viewer")));
  }

  @Test
  void severalGroupsGiveTheHighestRole() {
    assertEquals(
        Optional.of(Role.REVIEWER),
        cut.roleOf(List.of("viewer", "Reviewers of X", "vg-devs", "staff")));
  }

  @Test
  void noKnownGroupGivesNoRole() {
    assertEquals(Optional.empty(), cut.roleOf(List.of("staff", "Admin")));
    assertEquals(Optional.empty(), cut.roleOf(List.of()));
  }

  @Test
  void aMappingToAnUnknownRoleIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> RoleMapping.parse("vg-admins=root"));
    assertThrows(IllegalArgumentException.class, () -> RoleMapping.parse("vg-admins"));
    assertTrue(RoleMapping.parse("  ").roleOf(List.of("x")).isEmpty());
  }

  @Test
  void rolesIncludeTheOnesBelowThem() {
    assertTrue(Role.ADMIN.includes(Role.VIEWER));
    assertTrue(Role.REVIEWER.includes(Role.EDITOR));
    assertTrue(Role.EDITOR.includes(Role.EDITOR));
    assertTrue(!Role.EDITOR.includes(Role.REVIEWER));
    assertTrue(!Role.VIEWER.includes(Role.EDITOR));
  }
}
