package dev.vibegrapher.project.entity;

import dev.vibegrapher.git.entity.HeadState;

/**
 * A project with the name of its repository (its id) and what its HEAD holds right now; no head
 * when the repository cannot be read.
 */
public record ProjectState(Project project, String repository, HeadState head) {}
