package dev.vibegrapher.client.review;

import dev.vibegrapher.client.validation.Required;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ReviewInput")
public record ReviewRequest(
    @Schema(
            description = "true approves the diff; false rejects it and starts a new attempt",
            required = true)
        @Required
        Boolean approved,
    @Schema(description = "What should change; required when rejecting") String feedback) {}
