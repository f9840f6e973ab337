package dev.vibegrapher.platform.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

// The roles of identity.entity.Role: declared, or Payara checks @RolesAllowed against none and
// refuses every caller.
@DeclareRoles({"viewer", "editor", "reviewer", "admin"})
@ApplicationPath("api")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description =
        "A personal access token (vgp_...), the operator's admin token, or a JWT of the organisation's identity provider")
@OpenAPIDefinition(
    security = @SecurityRequirement(name = "bearer"),
    info =
        @Info(
            title = "Vibegrapher",
            version = "0.1.0",
            description =
                "Change a project's code by chatting with an AI coder, an AI evaluator and a human"
                    + " reviewer. Errors are RFC 9457 application/problem+json."))
public class JaxRsActivator extends Application {}
