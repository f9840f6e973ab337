package dev.vibegrapher.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Vibegrapher",
            version = "0.1.0",
            description =
                "Change a project's code by chatting with an AI coder, an AI evaluator and a human"
                    + " reviewer. Errors are RFC 9457 application/problem+json."))
public class JaxRsActivator extends Application {}
