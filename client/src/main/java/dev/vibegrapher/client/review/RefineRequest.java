package dev.vibegrapher.client.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RefineMessageInput")
public record RefineRequest(
    @Schema(description = "What the message should say or stress") String hint) {}
