package dev.vibegrapher.project.boundary;

import dev.vibegrapher.git.control.GitRepositories;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateProjectRequest(
    @NotBlank @Size(max = 200) String name,
    @Size(max = 255)
        @Pattern(
            regexp = GitRepositories.SAFE_PATH_REGEX,
            message = "must be a relative path of letters, digits, '.', '_', '-' and spaces")
        String filename,
    String initialCode) {}
