package dev.vibegrapher.identity.entity;

import java.time.Instant;
import java.util.Set;

/**
 * What a valid token says about its holder: a stable subject, how to name and reach them, the
 * organisation's groups they belong to (mapped to a role elsewhere), and until when it holds.
 */
public record VerifiedIdentity(
    String subject, String name, String email, Set<String> groups, Instant expiresAt) {}
