package dev.vibegrapher.realtime.entity;

/**
 * Another instance sharing the database committed events of the project: what this instance keeps
 * in memory about the project may be older than the database. Fired on the thread that hears the
 * notice, once per notice (a batch of events is one), so observers must be quick.
 */
public record LoggedElsewhere(String projectId) {}
