package dev.vibegrapher.identity.entity;

import java.time.Instant;
import java.util.Optional;

/** A caller proven by a credential, and until when the credential holds (never, when empty). */
public record Authentication(Caller caller, Optional<Instant> expiresAt) {}
