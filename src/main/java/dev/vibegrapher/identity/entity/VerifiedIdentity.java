package dev.vibegrapher.identity.entity;

import java.util.Set;

/**
 * What a valid token says about its holder: a stable subject, how to name and reach them, and the
 * organisation's groups they belong to (mapped to a role elsewhere).
 */
public record VerifiedIdentity(String subject, String name, String email, Set<String> groups) {}
