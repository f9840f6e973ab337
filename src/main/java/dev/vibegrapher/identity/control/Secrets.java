package dev.vibegrapher.identity.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Token secrets: made from 256 random bits, kept only as hashes, compared in constant time. */
public final class Secrets {

  /** Marks our access tokens, so a leaked one is recognisable (as secret scanners expect). */
  public static final String PREFIX = "vgp_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Two hashes equal, taking the same time wherever they differ. */
  public static boolean sameHash(String presented, String expected) {
    return MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
