package dev.vibegrapher.client.project;

import dev.vibegrapher.client.validation.Required;
import dev.vibegrapher.client.validation.RequiredText;
import dev.vibegrapher.client.validation.TextAtMost;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TestCaseInput")
public record TestCaseRequest(
    @Schema(description = "What the test checks", required = true, maxLength = 200)
        @RequiredText(max = 200)
        String name,
    @Schema(
            description = "Python code run with the project's main file in scope",
            required = true,
            maxLength = 65536)
        @Required
        @TextAtMost(max = 65536)
        String code,
    @Schema(description = "Quick tests get a short timeout", defaultValue = "false")
        Boolean quickTest) {}
