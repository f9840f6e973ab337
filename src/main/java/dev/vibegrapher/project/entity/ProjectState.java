package dev.vibegrapher.project.entity;

import dev.vibegrapher.git.entity.HeadState;
import java.nio.file.Path;

/** A project with where its repository is and what its HEAD holds right now. */
public record ProjectState(Project project, Path repository, HeadState head) {}
