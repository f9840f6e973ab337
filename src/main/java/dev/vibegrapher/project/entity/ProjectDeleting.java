package dev.vibegrapher.project.entity;

/**
 * Fired before anything of a project is deleted; an observer that must keep the project (work
 * still running on it) throws, and the deletion does not happen.
 */
public record ProjectDeleting(String projectId) {}
