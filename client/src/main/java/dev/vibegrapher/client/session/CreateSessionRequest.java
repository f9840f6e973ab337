package dev.vibegrapher.client.session;

import dev.vibegrapher.client.validation.TextAtMost;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SessionInput")
public record CreateSessionRequest(
    @Schema(
            description = "\"global\" for the whole project, \"node\" for one node of it",
            enumeration = {"global", "node"},
            defaultValue = "global")
        @Pattern(regexp = "global|node", message = "must be \"global\" or \"node\"")
        String sessionType,
    @Schema(
            description = "The node this session is about; required when session_type is \"node\"",
            maxLength = 200)
        // Length in the pattern: Payara's OpenAPI scanner fails on @Size on record components.
        @Pattern(
            regexp = "[A-Za-z0-9._-]{1,200}",
            message = "must be 1 to 200 letters, digits, '.', '_' or '-'")
        String nodeId,
    @Schema(
            description =
                "The branch this session's diffs go to, created from HEAD when first used; default the checked-out branch",
            maxLength = 200)
        @TextAtMost(max = 200)
        String branch) {}
