package dev.vibegrapher.session.boundary;

import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "MessageInput")
public record SendMessageRequest(
    @Schema(description = "What the user asks the agents; at most vibegrapher.max-prompt-bytes as UTF-8", required = true)
    @NotBlank(message = "must be non-blank text") String prompt) {
}
