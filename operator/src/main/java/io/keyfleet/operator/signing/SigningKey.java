package io.keyfleet.operator.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One update-signing key of a fleet. The private key is present only for keys that may still sign
 * (active or pending); a previous key is kept as its public half alone, for devices to keep
 * verifying what it signed.
 */
public record SigningKey(String id, PublicKey publicKey, Optional<PrivateKey> privateKey, Instant createdAt) {
  public SigningKey {
    if (!id.equals(idOf(publicKey))) {
      throw new IllegalArgumentException("key id " + id + " does not match the public key");
    }
  }

  public static SigningKey of(PublicKey publicKey, PrivateKey privateKey, Instant createdAt) {
    return new SigningKey(idOf(publicKey), publicKey, Optional.ofNullable(privateKey), createdAt);
  }

  /** The same key without its private half. */
  public SigningKey publicOnly() {
    return new SigningKey(id, publicKey, Optional.empty(), createdAt);
  }

  /**
   * A key's id: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo (DER), as
   * devices compute it from update-trust.pem.
   */
  public static String idOf(PublicKey key) {
    return HexFormat.of().formatHex(sha256(key.getEncoded())).substring(0, 16);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String shortHash(String text) {
    return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  @Override
  public String toString() {
    return "SigningKey[" + id + ", created " + createdAt + "]";
  }
}
