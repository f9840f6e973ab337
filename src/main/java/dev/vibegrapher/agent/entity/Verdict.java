package dev.vibegrapher.agent.entity;

/** The evaluator's structured answer about one patch. */
public record Verdict(boolean approved, String reasoning, String commitMessage) {}
