package dev.vibegrapher.git.entity;

/** What HEAD says: its commit, its branch and the content of one file (null if absent). */
public record HeadState(String commit, String branch, String fileContent) {}
