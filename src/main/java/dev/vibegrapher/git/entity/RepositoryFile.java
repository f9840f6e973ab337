package dev.vibegrapher.git.entity;

/** A file in the HEAD tree: its path inside the repository and its size in bytes. */
public record RepositoryFile(String path, long size) {}
