package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.identity.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every resource method of the API names the least role it needs, with a role that exists: a new
 * route without its rule fails the build here (IdentityIT checks the rules through the running
 * app). So does every servlet (GitCloneIT checks git's through the running app). A route open to
 * anyone is a decision, listed here by name.
 */
class RoleRulesTest {

  /** The resource methods that need no caller: what the dashboard must read before a login. */
  private static final List<String> OPEN_TO_ANYONE =
      List.of("dev.vibegrapher.identity.boundary.LoginOptionsResource.options");

  /** The servlets that need no caller: the error page, which only words another answer's status. */
  private static final List<String> OPEN_SERVLETS =
      List.of("dev.vibegrapher.platform.boundary.ServletErrorPage");

  private static final String GIT_SERVLET = "dev.vibegrapher.project.boundary.GitCloneServlet";

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

  /**
   * The servlets beside JAX-RS (git's smart HTTP under /git/, which /openapi does not list) name
   * their least role the same way: one {@code @ServletSecurity} role for every method.
   */
  @Test
  void everyServletHasARoleRule() throws Exception {
    List<String> servlets = classes(type -> type.isAnnotationPresent(WebServlet.class));
    assertTrue(servlets.contains(GIT_SERVLET), "found only " + servlets);
    List<String> withoutRule = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String name : servlets) {
      ServletSecurity security = Class.forName(name).getAnnotation(ServletSecurity.class);
      if (security == null) {
        open.add(name);
        continue;
      }
      String[] roles = security.value().rolesAllowed();
      if (roles.length != 1
          || Role.ofWireName(roles[0]).isEmpty()
          || security.httpMethodConstraints().length != 0) {
        withoutRule.add(name);
      }
    }
    assertEquals(List.of(), withoutRule, "servlets without exactly one role for every method");
    assertEquals(OPEN_SERVLETS, open, "servlets open to anyone (no @ServletSecurity)");
    assertEquals(
        List.of("viewer"),
        List.of(
            Class.forName(GIT_SERVLET).getAnnotation(ServletSecurity.class).value().rolesAllowed()),
        "cloning reads code, as GET /api/projects/{id}/files/{path} does");
  }

  /** The classes under src/main/java annotated with @Path, found from the compiled classes. */
  private static List<String> resourceClasses() {
    return classes(type -> type.isAnnotationPresent(Path.class) && !type.isInterface());
  }

  /** The compiled classes of src/main/java that match. */
  private static List<String> classes(Predicate<Class<?>> matching) {
    java.nio.file.Path root = java.nio.file.Path.of("target/classes");
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.toString().endsWith(".class") && !file.toString().contains("$"))
          .map(
              file ->
                  root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .filter(name -> matches(name, matching))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The typed client's interfaces carry @Path too; they are compiled here but never deployed.
  private static boolean matches(String name, Predicate<Class<?>> matching) {
    try {
      return matching.test(Class.forName(name, false, RoleRulesTest.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
