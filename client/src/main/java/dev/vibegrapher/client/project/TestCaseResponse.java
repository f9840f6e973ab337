package dev.vibegrapher.client.project;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TestCase")
public record TestCaseResponse(
    String id,
    String projectId,
    String name,
    String code,
    boolean quickTest,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant createdAt,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant updatedAt) {}
