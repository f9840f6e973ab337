package dev.vibegrapher.project.entity;

/**
 * Fired after a project's rows and repository are gone, so other features can let go of it. On the
 * instance that deleted it once its transaction committed; on every other instance sharing the
 * database ({@code elsewhere}) when the deleting one's notice arrives: the rows were gone already,
 * only what the instance keeps in memory is left to forget.
 */
public record ProjectDeleted(String projectId, String slug, boolean elsewhere) {}
