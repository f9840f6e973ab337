package dev.vibegrapher.client.review;

import dev.vibegrapher.client.validation.TextAtMost;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CommitInput")
public record CommitRequest(
    @Schema(description = "Overrides the evaluator's commit message", maxLength = 10000)
        @TextAtMost(max = 10000)
        String commitMessage) {}
