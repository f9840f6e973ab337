package dev.vibegrapher.client.project;

import dev.vibegrapher.client.validation.RepositoryPath;
import dev.vibegrapher.client.validation.RequiredText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreateProject")
public record CreateProjectRequest(
    @Schema(
            description = "Display name; the slug is made from it",
            required = true,
            maxLength = 200)
        @RequiredText(max = 200)
        String name,
    @Schema(
            description = "The project's main file, a relative path",
            defaultValue = "main.py",
            maxLength = 255)
        @RepositoryPath
        String filename,
    @Schema(description = "The main file's first content; default a short Python program")
        String initialCode) {}
