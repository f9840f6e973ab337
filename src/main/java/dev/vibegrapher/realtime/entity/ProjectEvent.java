package dev.vibegrapher.realtime.entity;

/**
 * The one CDI event through which features publish: something happened in a project. {@code data}
 * is any value JSON-B can write (a record, a map); it becomes the frame's "data" object.
 */
public record ProjectEvent(String projectId, EventType type, Object data) {}
