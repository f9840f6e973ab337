package dev.vibegrapher.git.entity;

import java.time.Instant;

/** One commit of a branch's history. */
public record CommitEntry(
    String sha, String message, String authorName, String authorEmail, Instant committedAt) {}
