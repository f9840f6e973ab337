package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.identity.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every resource method of the API names the least role it needs, with a role that exists: a new
 * route without its rule fails the build here (IdentityIT checks the rules through the running
 * app). A route open to anyone is a decision, listed here by name.
 */
class RoleRulesTest {

  /** The resource methods that need no caller: what the dashboard must read before a login. */
  private static final List<String> OPEN_TO_ANYONE =
      List.of("dev.vibegrapher.identity.boundary.LoginOptionsResource.options");

  @Test
  void everyResourceMethodHasARoleRule() throws Exception {
    List<String> resources = resourceClasses();
    assertTrue(resources.size() >= 10, "found only " + resources);
    List<String> withoutRule = new ArrayList<>();
    List<String> open = new ArrayList<>();
    int methods = 0;
    for (String name : resources) {
      for (Method method : Class.forName(name).getDeclaredMethods()) {
        if (Arrays.stream(method.getAnnotations())
            .noneMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class))) {
          continue;
        }
        methods++;
        RolesAllowed rule = method.getAnnotation(RolesAllowed.class);
        if (rule == null && method.isAnnotationPresent(PermitAll.class)) {
          open.add(name + "." + method.getName());
          continue;
        }
        if (rule == null
            || rule.value().length != 1
            || Role.ofWireName(rule.value()[0]).isEmpty()) {
          withoutRule.add(name + "." + method.getName());
        }
      }
    }
    assertTrue(methods >= 35, "found only " + methods + " resource methods");
    assertEquals(
        List.of(), withoutRule, "resource methods without exactly one @RolesAllowed naming a role");
    assertEquals(OPEN_TO_ANYONE, open, "resource methods open to anyone (@PermitAll)");
  }

  /** The classes under src/main/java annotated with @Path, found from the compiled classes. */
  private static List<String> resourceClasses() {
    java.nio.file.Path root = java.nio.file.Path.of("target/classes");
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.toString().endsWith(".class") && !file.toString().contains("$"))
          .map(
              file ->
                  root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .filter(RoleRulesTest::isResource)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The typed client's interfaces carry @Path too; they are compiled here but never deployed.
  private static boolean isResource(String name) {
    try {
      Class<?> type = Class.forName(name, false, RoleRulesTest.class.getClassLoader());
      return type.isAnnotationPresent(Path.class) && !type.isInterface();
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
