package dev.vibegrapher.git.entity;

/** A branch of a repository and the commit at its tip. */
public record Branch(String name, String commit) {}
