package dev.vibegrapher.identity.control;

/**
 * A token that proves nothing: malformed, unsigned, signed with a key or algorithm we do not trust,
 * expired, not yet valid, or for another issuer or audience. The message says which, for the
 * server's log; it never holds the token.
 */
public final class InvalidToken extends Exception {

  public InvalidToken(String reason) {
    super(reason);
  }
}
