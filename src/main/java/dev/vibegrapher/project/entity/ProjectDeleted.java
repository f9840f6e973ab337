package dev.vibegrapher.project.entity;

/** Fired after a project's rows and repository are gone, so other features can let go of it. */
public record ProjectDeleted(String projectId, String slug) {}
