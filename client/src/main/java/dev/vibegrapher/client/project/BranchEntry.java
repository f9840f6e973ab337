package dev.vibegrapher.client.project;

/** A branch of the project's repository; current is the checked-out one. */
public record BranchEntry(String name, String commit, boolean current) {}
