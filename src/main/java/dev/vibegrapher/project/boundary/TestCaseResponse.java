package dev.vibegrapher.project.boundary;

import dev.vibegrapher.project.entity.TestCase;
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
    @Schema(type = SchemaType.STRING, format = "date-time") Instant updatedAt) {

  static TestCaseResponse of(TestCase test) {
    return new TestCaseResponse(
        test.id(),
        test.projectId(),
        test.name(),
        test.code(),
        test.quickTest(),
        test.createdAt(),
        test.updatedAt());
  }
}
