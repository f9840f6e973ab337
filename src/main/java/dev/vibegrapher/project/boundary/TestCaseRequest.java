package dev.vibegrapher.project.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record TestCaseRequest(
    @NotBlank @Size(max = 200) String name,
    @NotNull String code,
    Boolean quickTest) {

  boolean isQuick() {
    return Boolean.TRUE.equals(quickTest);
  }
}
