package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.identity.entity.CallerPrincipal;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.boundary.ProblemExceptionMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A caller whose role is too low for a resource method (the container's {@code @RolesAllowed} check
 * throws {@link ForbiddenException}) gets a 403 problem naming the role needed.
 */
@Provider
public class Forbidden implements ExceptionMapper<ForbiddenException> {

  @Context ResourceInfo resource;
  @Context SecurityContext security;

  @Override
  public Response toResponse(ForbiddenException exception) {
    Role needed = neededRole().orElse(Role.ADMIN);
    Role held =
        security.getUserPrincipal() instanceof CallerPrincipal principal
            ? principal.caller().role()
            : Role.VIEWER;
    ProblemException problem = needing(needed, held);
    return Response.status(Response.Status.FORBIDDEN)
        .type(Problem.MEDIA_TYPE)
        .entity(ProblemExceptionMapper.body(problem))
        .build();
  }

  static ProblemException needing(Role needed, Role held) {
    return new ProblemException(
        Response.Status.FORBIDDEN,
        "role-needed",
        "This needs the " + needed.wireName() + " role; you have " + held.wireName() + ".",
        Map.of("role_needed", needed.wireName(), "role", held.wireName()));
  }

  private Optional<Role> neededRole() {
    RolesAllowed allowed =
        resource.getResourceMethod() == null
            ? null
            : resource.getResourceMethod().getAnnotation(RolesAllowed.class);
    if (allowed == null && resource.getResourceClass() != null) {
      allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }
    return allowed == null
        ? Optional.empty()
        : Arrays.stream(allowed.value())
            .map(Role::ofWireName)
            .flatMap(Optional::stream)
            .min(Role::compareTo);
  }
}
