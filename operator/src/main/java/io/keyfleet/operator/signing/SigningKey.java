package io.keyfleet.operator.signing;

import io.keyfleet.operator.oci.Digests;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
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
    return Digests.shortSha256(key.getEncoded());
  }

  @Override
  public String toString() {
    return "SigningKey[" + id + ", created " + createdAt + "]";
  }
}
