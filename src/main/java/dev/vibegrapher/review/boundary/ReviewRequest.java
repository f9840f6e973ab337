package dev.vibegrapher.review.boundary;

import dev.vibegrapher.platform.boundary.validation.Required;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ReviewInput")
public record ReviewRequest(
    @Schema(
            description = "true approves the diff; false rejects it and starts a new attempt",
            required = true)
        @Required
        Boolean approved,
    @Schema(description = "What should change; required when rejecting") String feedback) {}
