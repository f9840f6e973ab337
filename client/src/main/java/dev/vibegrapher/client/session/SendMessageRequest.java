package dev.vibegrapher.client.session;

import dev.vibegrapher.client.validation.RequiredText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "MessageInput")
// The byte limit (vibegrapher.max-prompt-bytes, 413) is checked by the resource; built-in
// constraints
// such as @NotBlank on record components break Payara's OpenAPI scanner, the composed one does not.
public record SendMessageRequest(
    @Schema(
            description =
                "What the user asks the agents; at most vibegrapher.max-prompt-bytes as UTF-8",
            required = true)
        @RequiredText(max = Integer.MAX_VALUE)
        String prompt) {}
