package dev.vibegrapher.client.realtime;

import dev.vibegrapher.client.validation.Required;
import dev.vibegrapher.client.validation.RequiredText;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PublishEvent")
public record PublishEventRequest(
    @Schema(
            description = "One of the project event types, e.g. conversation_message",
            required = true)
        @RequiredText(max = 40)
        String type,
    @Schema(description = "The event's data object", required = true) @Required
        Map<String, Object> data) {}
